using System.Text;

namespace Aggregator.Web.Ingestion;

/// <summary>Small allocation-light text helpers for the ingestion hot path (no regex).</summary>
public static class HtmlText
{
    /// <summary>Drops anything between '&lt;' and '&gt;'; for titles and names, never for bodies (those go through the sanitizer).</summary>
    public static string StripTags(string value)
    {
        var builder = new StringBuilder(value.Length);
        var inTag = false;
        foreach (var c in value)
        {
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>' && inTag)
            {
                inTag = false;
                builder.Append(' ');
            }
            else if (!inTag)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
