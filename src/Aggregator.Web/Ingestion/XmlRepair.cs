using System.Net;
using System.Text;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Second-chance fixes for feeds that are not well-formed XML, applied only after a strict parse failed:
/// HTML entities XML does not know, bare ampersands, and namespace prefixes used without a declaration.
/// </summary>
public static class XmlRepair
{
    private static readonly HashSet<string> XmlEntities = ["amp", "lt", "gt", "quot", "apos"];

    public static string Repair(string xml) => DeclareMissingPrefixes(FixAmpersands(RemoveControlCharacters(xml)));

    /// <summary>Characters XML 1.0 forbids (C0 controls other than tab, CR, LF) are dropped.</summary>
    public static string RemoveControlCharacters(string xml)
    {
        if (xml.AsSpan().IndexOfAnyInRange('\u0000', '\u0008') < 0 && xml.AsSpan().IndexOfAnyInRange('\u000B', '\u000C') < 0
            && xml.AsSpan().IndexOfAnyInRange('\u000E', '\u001F') < 0)
        {
            return xml;
        }

        var builder = new StringBuilder(xml.Length);
        foreach (var c in xml)
        {
            if (c >= ' ' || c is '\t' or '\n' or '\r')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Turns &amp;nbsp; into &amp;#160; and a bare &amp; into &amp;amp;; valid references stay as they are.</summary>
    public static string FixAmpersands(string xml)
    {
        var index = xml.IndexOf('&', StringComparison.Ordinal);
        if (index < 0)
        {
            return xml;
        }

        var builder = new StringBuilder(xml.Length + 256);
        var copied = 0;
        var cdata = xml.IndexOf("<![CDATA[", StringComparison.Ordinal);
        while (index >= 0)
        {
            if (cdata >= 0 && cdata < index)
            {
                // CDATA content is literal: copy it untouched.
                var cdataEnd = xml.IndexOf("]]>", cdata, StringComparison.Ordinal);
                cdataEnd = cdataEnd < 0 ? xml.Length : cdataEnd + 3;
                builder.Append(xml, copied, cdataEnd - copied);
                copied = cdataEnd;
                cdata = xml.IndexOf("<![CDATA[", copied, StringComparison.Ordinal);
                index = copied < xml.Length ? xml.IndexOf('&', copied) : -1;
                continue;
            }

            builder.Append(xml, copied, index - copied);
            var end = ReferenceEnd(xml, index);
            if (end < 0)
            {
                builder.Append("&amp;");
                copied = index + 1;
            }
            else
            {
                var name = xml.Substring(index + 1, end - index - 1);
                if (name[0] == '#' || XmlEntities.Contains(name))
                {
                    // XML only knows a lower-case x in hexadecimal references; HTML also takes "&#X41;".
                    builder.Append(name.StartsWith("#X", StringComparison.Ordinal) ? "&#x" + name[2..] + ";" : xml.Substring(index, end - index + 1));
                }
                else
                {
                    var decoded = WebUtility.HtmlDecode("&" + name + ";");
                    if (decoded.Length > 0 && decoded[0] != '&')
                    {
                        foreach (var rune in decoded.EnumerateRunes())
                        {
                            builder.Append("&#").Append(rune.Value).Append(';');
                        }
                    }
                    else
                    {
                        builder.Append("&amp;").Append(name).Append(';');
                    }
                }

                copied = end + 1;
            }

            index = xml.IndexOf('&', copied);
        }

        builder.Append(xml, copied, xml.Length - copied);
        return builder.ToString();
    }

    /// <summary>Index of the ';' closing a syntactically valid reference starting at <paramref name="amp"/>, or -1.</summary>
    private static int ReferenceEnd(string xml, int amp)
    {
        var i = amp + 1;
        if (i >= xml.Length)
        {
            return -1;
        }

        if (xml[i] == '#')
        {
            i++;
            var hex = i < xml.Length && (xml[i] == 'x' || xml[i] == 'X');
            if (hex)
            {
                i++;
            }

            var digits = i;
            while (i < xml.Length && (hex ? char.IsAsciiHexDigit(xml[i]) : char.IsAsciiDigit(xml[i])))
            {
                i++;
            }

            return i > digits && i < xml.Length && xml[i] == ';' && i - digits <= 8 ? i : -1;
        }

        var start = i;
        while (i < xml.Length && i - start <= 32 && (char.IsAsciiLetterOrDigit(xml[i]) || xml[i] is '_' or '-' or '.'))
        {
            i++;
        }

        return i > start && i < xml.Length && xml[i] == ';' && char.IsAsciiLetter(xml[start]) ? i : -1;
    }

    /// <summary>Adds xmlns:p declarations on the root for prefixes that elements use but nobody declared.</summary>
    public static string DeclareMissingPrefixes(string xml)
    {
        var root = FindRootStart(xml);
        if (root < 0)
        {
            return xml;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = xml.IndexOf('<', root); i >= 0 && i < xml.Length - 1; i = xml.IndexOf('<', i + 1))
        {
            var j = i + 1;
            if (xml[j] == '/')
            {
                continue;
            }

            var start = j;
            while (j < xml.Length && (char.IsAsciiLetterOrDigit(xml[j]) || xml[j] is '_' or '-' or '.'))
            {
                j++;
            }

            if (j < xml.Length && xml[j] == ':' && j > start)
            {
                used.Add(xml[start..j]);
            }
        }

        used.Remove("xml");
        used.Remove("xmlns");
        var missing = used.Where(p => !xml.Contains("xmlns:" + p + "=", StringComparison.Ordinal)).ToList();
        if (missing.Count == 0)
        {
            return xml;
        }

        var nameEnd = root + 1;
        while (nameEnd < xml.Length && !char.IsWhiteSpace(xml[nameEnd]) && xml[nameEnd] is not ('>' or '/'))
        {
            nameEnd++;
        }

        var declarations = string.Concat(missing.Select(p => $" xmlns:{p}=\"urn:undeclared:{p}\""));
        return xml.Insert(nameEnd, declarations);
    }

    /// <summary>
    /// Last resort for broken nesting: an end tag that matches an outer element closes the ones left open inside it,
    /// an end tag that matches nothing is dropped, and whatever is still open at the end (a body cut short) is closed.
    /// </summary>
    public static string Rebalance(string xml)
    {
        var builder = new StringBuilder(xml.Length + 256);
        var open = new List<string>();
        var i = 0;
        while (i < xml.Length)
        {
            var lt = xml.IndexOf('<', i);
            if (lt < 0)
            {
                builder.Append(xml, i, xml.Length - i);
                break;
            }

            builder.Append(xml, i, lt - i);
            var end = MarkupEnd(xml, lt);
            if (end < 0)
            {
                break;   // a tag cut off by the end of the body
            }

            var markup = xml.AsSpan(lt, end - lt + 1);
            if (markup.StartsWith("</"))
            {
                var name = markup[2..^1].Trim().ToString();
                var index = open.LastIndexOf(name);
                if (index >= 0)
                {
                    for (var k = open.Count - 1; k >= index; k--)
                    {
                        builder.Append("</").Append(open[k]).Append('>');
                    }

                    open.RemoveRange(index, open.Count - index);
                }
            }
            else
            {
                builder.Append(markup);
                if (markup.Length > 2 && char.IsLetter(markup[1]) || markup.Length > 2 && markup[1] == '_')
                {
                    if (!markup.EndsWith("/>"))
                    {
                        var nameEnd = 1;
                        while (nameEnd < markup.Length && !char.IsWhiteSpace(markup[nameEnd]) && markup[nameEnd] is not ('>' or '/'))
                        {
                            nameEnd++;
                        }

                        open.Add(markup[1..nameEnd].ToString());
                    }
                }
            }

            i = end + 1;
        }

        for (var k = open.Count - 1; k >= 0; k--)
        {
            builder.Append("</").Append(open[k]).Append('>');
        }

        return builder.ToString();
    }

    /// <summary>Index of the '&gt;' ending the markup that starts at <paramref name="lt"/>, honouring quotes, comments and CDATA.</summary>
    private static int MarkupEnd(string xml, int lt)
    {
        var span = xml.AsSpan(lt);
        if (span.StartsWith("<!--"))
        {
            var close = xml.IndexOf("-->", lt + 4, StringComparison.Ordinal);
            return close < 0 ? -1 : close + 2;
        }

        if (span.StartsWith("<![CDATA["))
        {
            var close = xml.IndexOf("]]>", lt + 9, StringComparison.Ordinal);
            return close < 0 ? -1 : close + 2;
        }

        var quote = '\0';
        for (var j = lt + 1; j < xml.Length; j++)
        {
            var c = xml[j];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return j;
            }
            else if (c == '<')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Index of the '&lt;' opening the root element (skipping the declaration, PIs, comments, DOCTYPE).</summary>
    private static int FindRootStart(string xml)
    {
        var i = xml.IndexOf('<', StringComparison.Ordinal);
        while (i >= 0 && i < xml.Length - 1)
        {
            var next = xml[i + 1];
            if (next == '?')
            {
                i = xml.IndexOf("?>", i, StringComparison.Ordinal);
            }
            else if (xml.AsSpan(i).StartsWith("<!--"))
            {
                i = xml.IndexOf("-->", i, StringComparison.Ordinal);
            }
            else if (next == '!')
            {
                var bracket = xml.IndexOf('[', i);
                var close = xml.IndexOf('>', i);
                i = bracket >= 0 && bracket < close ? xml.IndexOf("]>", bracket, StringComparison.Ordinal) : close;
            }
            else
            {
                return i;
            }

            i = i < 0 ? -1 : xml.IndexOf('<', i + 1);
        }

        return -1;
    }
}
