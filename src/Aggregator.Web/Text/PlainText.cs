using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Web.Text;

/// <summary>Plain text for storing and showing: HTML taken out, whitespace collapsed, long text cut at a word.</summary>
public static partial class PlainText
{
    /// <summary>Text of an HTML fragment: block ends become breaks, tags go, entities are decoded, whitespace collapses.</summary>
    public static string FromHtml(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var text = BlockTag().Replace(html, " \n");
        text = AnyTag().Replace(text, " ");
        return CollapseWhitespace(WebUtility.HtmlDecode(text));
    }

    /// <summary>Trims and turns every run of whitespace (incl. no-break spaces and control characters) into one space.</summary>
    public static string CollapseWhitespace(string value)
    {
        // Allocation-light: ingestion runs this on every title and body.
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

    /// <summary>
    /// Cuts to at most <paramref name="max"/> characters, at the last space when that keeps more than half of them
    /// (looking back at most 200), and marks the cut with an ellipsis; punctuation left dangling at the cut goes.
    /// </summary>
    public static string Truncate(string value, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (value.Length <= max)
        {
            return value;
        }

        var cut = value.LastIndexOf(' ', max - 1, Math.Min(max / 2, 200));
        return string.Concat(value.AsSpan(0, cut > max / 2 ? cut : max - 1).TrimEnd(",;:- "), "…");
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

    [GeneratedRegex(@"<\s*(?:br|/p|/div|/li|/h\d)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();
}
