using System.Text;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Keeps hostile markup from costing more than its length: elements nested deeper than a cap lose their tags (their
/// text stays). An HTML parser does work proportional to the open elements at every tag, so 100,000 nested divs
/// would cost time quadratic in the input and, in the recursive walks after it, the stack. One linear pass.
/// </summary>
internal static class HtmlNesting
{
    // Elements that never hold others, or that the parser closes by itself when a sibling starts: neither deepens.
    private static readonly HashSet<string> Flat = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FlatNames = Flat.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Cap(string html, int maxDepth)
    {
        // Fewer tags than the cap cannot nest past it: most bodies leave here after one vectorised count.
        if (html.AsSpan().Count('<') <= maxDepth)
        {
            return html;
        }

        StringBuilder? builder = null;
        var copied = 0;
        var depth = 0;
        var i = html.IndexOf('<', StringComparison.Ordinal);
        while (i >= 0 && i < html.Length - 1)
        {
            var next = html[i + 1];
            if (next == '!' && html.AsSpan(i).StartsWith("<!--", StringComparison.Ordinal))
            {
                var close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = close < 0 ? -1 : html.IndexOf('<', close + 3);
                continue;
            }

            var closing = next == '/';
            var nameStart = closing ? i + 2 : i + 1;
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                i = html.IndexOf('<', i + 1);
                continue;
            }

            var end = html.IndexOf('>', nameStart);
            if (end < 0)
            {
                break;
            }

            var nameEnd = nameStart;
            while (nameEnd < end && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-'))
            {
                nameEnd++;
            }

            var flat = FlatNames.Contains(html.AsSpan(nameStart, nameEnd - nameStart)) || (!closing && html[end - 1] == '/');
            if (!flat)
            {
                var beyond = closing ? depth > maxDepth : depth >= maxDepth;
                depth = closing ? Math.Max(0, depth - 1) : depth + 1;
                if (beyond)
                {
                    builder ??= new StringBuilder(html.Length);
                    builder.Append(html, copied, i - copied);
                    copied = end + 1;
                }
            }

            i = html.IndexOf('<', end + 1);
        }

        if (builder is null)
        {
            return html;
        }

        builder.Append(html, copied, html.Length - copied);
        return builder.ToString();
    }
}
