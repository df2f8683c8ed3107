using System.Globalization;
using System.Text;

namespace Aggregator.Web.Ingestion;

public static class SourceSlug
{
    /// <summary>"Simon Willison's Weblog" → "simon-willisons-weblog": ASCII letters and digits joined by single hyphens.</summary>
    public static string From(string value, int maxLength = 80)
    {
        var builder = new StringBuilder(value.Length);
        var pendingHyphen = false;
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’')
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingHyphen = false;
                builder.Append(char.ToLowerInvariant(c));
                if (builder.Length >= maxLength)
                {
                    break;
                }
            }
            else
            {
                pendingHyphen = true;
            }
        }

        return builder.Length == 0 ? "source" : builder.ToString();
    }
}
