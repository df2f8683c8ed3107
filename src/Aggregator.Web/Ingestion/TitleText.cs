using System.Net;
using System.Text;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Titles and names as plain text. A title is read as HTML only when it looks like HTML (an end tag or a character
/// reference): "History of the &lt;blink&gt; tag" and "1 &lt; 2" are text. Script, style and comment content never
/// become title words, no-break spaces stay, and a title that was only markup is no title (the caller falls back).
/// </summary>
internal static class TitleText
{
    public static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (LooksLikeHtml(value))
        {
            value = WebUtility.HtmlDecode(StripMarkup(value));
        }

        var text = Collapse(value);
        return text.Length == 0 ? null : text;
    }

    /// <summary>An end tag, a comment or a character reference; a lone "&lt;word&gt;" is text someone wrote about a tag.</summary>
    internal static bool LooksLikeHtml(string value)
    {
        var span = value.AsSpan();
        for (var i = span.IndexOfAny('<', '&'); i >= 0 && i < span.Length - 1; i = NextMarkup(span, i + 1))
        {
            if (span[i] == '<')
            {
                if ((span[i + 1] == '/' && i + 2 < span.Length && char.IsAsciiLetter(span[i + 2]) && span[i..].Contains('>'))
                    || span[i..].StartsWith("<!--", StringComparison.Ordinal)
                    || IsVoidTag(span[(i + 1)..]))
                {
                    return true;
                }
            }
            else if (ReferenceLength(span[i..]) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int NextMarkup(ReadOnlySpan<char> span, int from)
    {
        var next = span[from..].IndexOfAny('<', '&');
        return next < 0 ? -1 : from + next;
    }

    private static bool IsVoidTag(ReadOnlySpan<char> afterLt)
    {
        foreach (var name in (ReadOnlySpan<string>)["br", "img", "hr", "wbr"])
        {
            if (afterLt.StartsWith(name, StringComparison.OrdinalIgnoreCase) && afterLt.Length > name.Length
                && afterLt[name.Length] is '>' or '/' or ' ')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Length of "&amp;name;" or "&amp;#123;" / "&amp;#x1F;" at the start, or 0.</summary>
    private static int ReferenceLength(ReadOnlySpan<char> span)
    {
        var i = 1;
        if (i < span.Length && span[i] == '#')
        {
            i++;
            var hex = i < span.Length && span[i] is 'x' or 'X';
            i += hex ? 1 : 0;
            var digits = i;
            while (i < span.Length && i - digits < 8 && (hex ? char.IsAsciiHexDigit(span[i]) : char.IsAsciiDigit(span[i])))
            {
                i++;
            }

            return i > digits && i < span.Length && span[i] == ';' ? i + 1 : 0;
        }

        var start = i;
        while (i < span.Length && i - start < 32 && char.IsAsciiLetterOrDigit(span[i]))
        {
            i++;
        }

        return i > start && i < span.Length && span[i] == ';' ? i + 1 : 0;
    }

    /// <summary>Drops tags, comments and the content of script and style; a '&lt;' that starts no tag is text.</summary>
    internal static string StripMarkup(string value)
    {
        var builder = new StringBuilder(value.Length);
        var at = 0;
        int lt;
        while (at < value.Length && (lt = value.IndexOf('<', at)) >= 0)
        {
            builder.Append(value.AsSpan(at, lt - at));
            at = AfterMarkup(value, lt);
            builder.Append(at == lt + 1 ? '<' : ' ');
        }

        return at < value.Length ? builder.Append(value.AsSpan(at)).ToString() : builder.ToString();
    }

    /// <summary>Where the text resumes after the markup at <paramref name="lt"/>; just past it when it starts no markup.</summary>
    private static int AfterMarkup(string value, int lt)
    {
        var rest = value.AsSpan(lt);
        if (rest.StartsWith("<!--", StringComparison.Ordinal))
        {
            var close = value.IndexOf("-->", lt + 4, StringComparison.Ordinal);
            return close < 0 ? value.Length : close + 3;
        }

        var isTag = rest.Length > 2 && (char.IsAsciiLetter(rest[1]) || rest[1] is '/' or '!' or '?');
        var end = isTag ? value.IndexOf('>', lt + 1) : -1;
        if (end < 0)
        {
            return lt + 1;
        }

        foreach (var raw in (ReadOnlySpan<string>)["script", "style"])
        {
            if (rest[1..].StartsWith(raw, StringComparison.OrdinalIgnoreCase))
            {
                var close = value.IndexOf("</" + raw, end + 1, StringComparison.OrdinalIgnoreCase);
                var closeEnd = close < 0 ? -1 : value.IndexOf('>', close);
                return closeEnd < 0 ? value.Length : closeEnd + 1;
            }
        }

        return end + 1;
    }

    /// <summary>Trims and turns runs of ordinary whitespace and control characters into one space; U+00A0 is kept as written.</summary>
    private static string Collapse(string value) => string.Join(' ', value.Split(Separators, StringSplitOptions.RemoveEmptyEntries));

    private static readonly char[] Separators =
        [.. Enumerable.Range(0, 0x3001).Select(i => (char)i).Where(c => c != '\u00A0' && (char.IsWhiteSpace(c) || char.IsControl(c)))];
}
