using System.Net;
using System.Xml.Linq;

namespace Aggregator.Web.Ingestion;

/// <summary>Atom's text constructs (title, summary, content) and inline XHTML bodies, read as HTML.</summary>
internal static class AtomTextConstruct
{
    /// <summary>
    /// An Atom text construct as HTML. Atom 1.0 says how with type (text, html, xhtml, or a media type whose
    /// content is base64 unless it is text or XML); Atom 0.3 with mode (escaped, base64, xml).
    /// </summary>
    public static string? Html(XElement? element, Uri? itemBase)
    {
        if (element is null)
        {
            return null;
        }

        var type = ((string?)element.Attribute("type"))?.Trim().ToLowerInvariant();
        var mode = ((string?)element.Attribute("mode"))?.Trim().ToLowerInvariant();
        if ((mode is "base64" || type is "base64" || (mode is null && type is not null && IsBinaryMediaType(type))) && DecodeBase64(element.Value) is { } decoded)
        {
            return type is "text/plain" or "text" ? NonEmpty(WebUtility.HtmlEncode(decoded)) : NonEmpty(decoded);
        }

        if (element.HasElements && (type is "xhtml" or "application/xhtml+xml" || mode is "xml" || type is null))
        {
            return InlineXhtml(element, itemBase);
        }

        var value = element.Value;
        return type is "text" or "text/plain" && mode is not "escaped" ? NonEmpty(WebUtility.HtmlEncode(value)) : NonEmpty(value);
    }

    private static bool IsBinaryMediaType(string type) =>
        type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.Ordinal)
        && !type.EndsWith("/xml", StringComparison.Ordinal) && !type.EndsWith("+xml", StringComparison.Ordinal);

    private static string? DecodeBase64(string value)
    {
        var compact = string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
        var bytes = new byte[(compact.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(compact, bytes, out var written) ? FeedDecoder.Decode(bytes[..written], null) : null;
    }

    /// <summary>
    /// Inline XHTML as HTML: a lone wrapping div unwrapped, the markup kept, and relative href/src resolved against
    /// the xml:base in force where they stand when the content carries an xml:base of its own.
    /// </summary>
    public static string? InlineXhtml(XElement? element, Uri? itemBase)
    {
        if (element is null)
        {
            return null;
        }

        var elements = element.Elements().Take(2).ToList();
        var container = elements.Count == 1 && elements[0].Name.LocalName == "div" && element.Nodes().OfType<XText>().All(t => string.IsNullOrWhiteSpace(t.Value))
            ? elements[0] : element;
        if (element.DescendantsAndSelf().Any(e => e.Attribute(XNamespace.Xml + "base") is not null))
        {
            // Resolved on a copy, which has no ancestors: the item's base (its own xml:base and those above) goes under it.
            var copy = new XElement(element);
            container = ReferenceEquals(container, element) ? copy : copy.Elements().First();
            foreach (var e in copy.DescendantsAndSelf())
            {
                foreach (var attribute in e.Attributes())
                {
                    if (attribute.Name.LocalName is "href" or "src" && attribute.Name.Namespace == XNamespace.None)
                    {
                        attribute.Value = FeedParser.Resolve(FeedParser.XmlBase(e, itemBase), attribute.Value) ?? attribute.Value;
                    }
                }
            }
        }

        using var writer = new StringWriter();
        foreach (var node in container.Nodes())
        {
            writer.Write(node.ToString(SaveOptions.DisableFormatting));
        }

        return NonEmpty(writer.ToString());
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
