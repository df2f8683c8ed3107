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

    /// <summary>Trims and turns every run of whitespace (incl. no-break spaces) into one space.</summary>
    public static string CollapseWhitespace(string value)
    {
        if (IsCollapsed(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (IsSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsCollapsed(string value)
    {
        var previousSpace = true;
        foreach (var c in value)
        {
            var space = IsSpace(c);
            if (space && (c != ' ' || previousSpace))
            {
                return false;
            }

            previousSpace = space;
        }

        return !previousSpace || value.Length == 0;
    }

    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\u00A0' || char.IsControl(c);

    /// <summary>Cuts at a word boundary near <paramref name="max"/> characters and marks the cut.</summary>
    public static string Truncate(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var cut = value.LastIndexOf(' ', max - 1, Math.Min(max, 200));
        return string.Concat(value.AsSpan(0, cut > 0 ? cut : max - 1), "…");
    }
}
