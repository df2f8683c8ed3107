using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Xml;
using Ganss.Xss;

namespace Aggregator.Web.Feeds;

/// <summary>
/// Builds item HTML for outbound feeds. Everything that came from a feed or an editor is either HTML-encoded or,
/// for article summaries that are HTML already, passed through a strict allow-list again: a subscriber's reader may
/// render it with fewer protections than our pages.
/// </summary>
public sealed class FeedHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly HtmlSanitizer _sanitizer;

    public FeedHtml()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "q", "cite", "sub", "sup",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
    }

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    /// <summary>
    /// Drops characters XML cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF), which would otherwise
    /// make the writer throw and take the whole feed down for one bad title.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? XmlSafe(string? text)
    {
        if (text is null || !text.Any(c => !XmlConvert.IsXmlChar(c)))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text[i]).Append(text[i + 1]);
                i++;
            }
        }

        return clean.ToString();
    }

    /// <summary>The URL when it is an absolute http(s) URL, else null: no javascript:, data: or relative surprises.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : null;

    public string Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? "" : _sanitizer.Sanitize(html);

    /// <summary>Plain text as paragraphs (blank lines separate them), every character encoded.</summary>
    public static void AppendParagraphs(StringBuilder html, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }
    }

    /// <summary>A link when the URL is safe, else just the encoded text.</summary>
    public static void AppendLink(StringBuilder html, string? url, string text)
    {
        var safe = SafeUrl(url);
        if (safe is null)
        {
            html.Append(Encode(text));
            return;
        }

        html.Append("<a href=\"").Append(Encode(safe)).Append("\">").Append(Encode(text)).Append("</a>");
    }
}
