using System.Globalization;
using System.Text;

namespace Aggregator.Web.Text;

/// <summary>The readable part of a URL, for topics and sources alike.</summary>
public static class Slug
{
    /// <summary>
    /// "Simon Willison's Weblog" → "simon-willisons-weblog": accents dropped, apostrophes skipped, ASCII letters and
    /// digits lower-cased and joined by single hyphens, cut at a hyphen when longer than <paramref name="maxLength"/>.
    /// <paramref name="fallback"/> when nothing is left. A source's slug is its address, made once and never
    /// recomputed; a topic's follows its headline, since the topic's address is its id.
    /// </summary>
    public static string From(string text, string fallback, int maxLength = 80)
    {
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else if (c is not ('\'' or '’') && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                pendingHyphen = true;
            }
        }

        var slug = builder.ToString();
        if (slug.Length > maxLength)
        {
            var cut = slug.LastIndexOf('-', maxLength);
            slug = slug[..(cut > maxLength / 2 ? cut : maxLength)];
        }

        return slug.Length == 0 ? fallback : slug;
    }
}
