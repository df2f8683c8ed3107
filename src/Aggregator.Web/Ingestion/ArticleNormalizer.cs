using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Web.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>An item ready to store: safe HTML, plain text, canonical URL, stable guid and content hash.</summary>
public sealed record NormalizedArticle(
    string Guid,
    string Url,
    bool HasOwnUrl,
    string Title,
    string? Author,
    DateTimeOffset PublishedAt,
    bool HasDate,
    string? SummaryHtml,
    string Text,
    string? ImageUrl,
    string? Language,
    string ContentHash)
{
    /// <summary>The <see cref="ItemFingerprint"/> of the item this article was normalised from.</summary>
    public string? FeedHash { get; init; }
}

/// <summary>
/// Sanitizes and normalises parsed items. One instance for the app: the sanitizer's allow-list is built once and
/// only read afterwards (HtmlSanitizer is thread-safe for that use); each thread gets its own HTML parser.
/// </summary>
public sealed class ArticleNormalizer
{
    private const int MaxTitleLength = 500;
    private const int MaxGuidLength = 500;

    private static readonly string[] TrackerHosts =
    [
        "feeds.feedburner.com", "feedproxy.google.com", "feeds.feedblitz.com", "pixel.wp.com", "stats.wordpress.com",
        "google-analytics.com", "www.google-analytics.com", "pixel.quantserve.com", "b.scorecardresearch.com",
        "sb.scorecardresearch.com", "pi.feedsportal.com", "rss.buysellads.com", "ad.doubleclick.net", "googleads.g.doubleclick.net",
        "api.follow.it", "pixel.mathtag.com", "www.facebook.com/tr", "ct.pinterest.com", "analytics.twitter.com",
        "feeds.wordpress.com", "mf.feeds.reuters.com", "stats.g.doubleclick.net", "pixel.substack.com",
        "eotrx.substackcdn.com", "email.mg.substack.com",
    ];

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "P", "DIV", "BR", "LI", "UL", "OL", "H1", "H2", "H3", "H4", "H5", "H6", "TR", "TD", "TH", "TABLE", "BLOCKQUOTE",
        "PRE", "FIGURE", "FIGCAPTION", "DT", "DD", "DL", "HR", "SECTION", "ARTICLE", "HEADER", "FOOTER",
    };

    // Code or foreign markup: removed content and all before sanitizing.
    private static readonly HashSet<string> ForeignContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "noembed", "noframes", "xmp", "textarea", "select",
    };

    private static readonly HashSet<string> ImagesAndLinks = new(StringComparer.OrdinalIgnoreCase) { "img", "a" };

    // No style, class or on* attribute survives: that removes CSS expressions and event handlers wholesale.
    private static readonly string[] AllowedAttributes =
    [
        "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "datetime", "cite", "lang", "dir",
    ];

    // The parser lower-cases attribute names before asking.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AllowedAttributeNames =
        new HashSet<string>(AllowedAttributes, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    [ThreadStatic]
    private static HtmlParser? t_parser;

    private readonly HtmlSanitizer _sanitizer;
    private readonly IOptions<FeedProcessingOptions> _options;

    public ArticleNormalizer(IOptions<FeedProcessingOptions> options)
    {
        _options = options;
        _sanitizer = CreateSanitizer();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var allowList = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl",
                "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
                "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
                "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
            },
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite" },
        };
        return new HtmlSanitizer(allowList) { KeepChildNodes = true };
    }

    private long _normalized;

    /// <summary>How many items this instance has normalised (what a re-fetch of an unchanged feed must not add to).</summary>
    public long NormalizedCount => Interlocked.Read(ref _normalized);

    public NormalizedArticle Normalize(ParsedItem item, ParsedFeed feed, Uri? feedBase, DateTimeOffset fetchedAt)
    {
        Interlocked.Increment(ref _normalized);
        var limits = _options.Value;
        var baseUri = item.BaseUri ?? (feed.SiteUrl is not null && Uri.TryCreate(feed.SiteUrl, UriKind.Absolute, out var site) ? site : feedBase);

        var link = CanonicalLink(item);
        var body = Clean(item.Html, baseUri, limits);
        var text = PlainText.Truncate(body.Text, limits.MaxTextLength);
        var title = item.Title ?? (text.Length > 0 ? PlainText.Truncate(text, 120) : null) ?? "(untitled)";
        title = PlainText.Truncate(title, MaxTitleLength);

        var guid = GuidBeforeText(item) ?? "title:" + Hash(title + "\n" + text)[..24];
        var url = link ?? UrlCleaner.Canonicalize(feed.SiteUrl) ?? feedBase?.AbsoluteUri ?? "";
        var published = PublishedAt(item, fetchedAt);

        var image = item.ImageUrl is { } mediaImage && UrlCleaner.Canonicalize(mediaImage) is not null ? mediaImage : body.FirstImage;
        return new NormalizedArticle(
            Guid: guid,
            Url: url,
            HasOwnUrl: link is not null,
            Title: title,
            Author: item.Author is null ? null : PlainText.Truncate(item.Author, 200),
            PublishedAt: published ?? fetchedAt,
            HasDate: published is not null,
            SummaryHtml: body.Html,
            Text: text,
            ImageUrl: image,
            Language: NormalizeLanguage(item.Language),
            ContentHash: ContentHash(title, text));
    }

    private static string? CanonicalLink(ParsedItem item)
    {
        var link = UrlCleaner.Canonicalize(item.Link);
        if (link is null && item.IdIsPermaLink && item.Id is not null && item.Id.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            link = UrlCleaner.Canonicalize(item.Id);
        }

        return link;
    }

    /// <summary>The guid an item is stored under when its id or link gives one, known without reading its body.</summary>
    public static string? GuidBeforeText(ParsedItem item)
    {
        var guid = item.Id ?? CanonicalLink(item);
        return guid is { Length: > MaxGuidLength } ? "hash:" + Hash(guid) : guid;
    }

    /// <summary>When the item was published, if it says; a date in the future is a publisher's mistake that would pin it to the top.</summary>
    public static DateTimeOffset? PublishedAt(ParsedItem item, DateTimeOffset fetchedAt)
    {
        var published = item.PublishedAt ?? item.UpdatedAt;
        return published > fetchedAt.AddHours(1) ? fetchedAt : published;
    }

    /// <summary>SHA-256 over the normalised title and text: the same story re-published under a new id hashes the same.</summary>
    public static string ContentHash(string title, string text)
    {
        // Same bytes as hashing collapse(title).ToLowerInvariant() + "\n" + collapse(text).ToLowerInvariant(), built in
        // pooled buffers: this runs for every item of every fetch.
        var head = PlainText.CollapseWhitespace(title);
        var body = PlainText.CollapseWhitespace(text);
        var length = head.Length + 1 + body.Length;
        var chars = ArrayPool<char>.Shared.Rent(length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length));
        try
        {
            var span = chars.AsSpan(0, length);
            head.AsSpan().ToLowerInvariant(span);
            span[head.Length] = '\n';
            body.AsSpan().ToLowerInvariant(span[(head.Length + 1)..]);
            var count = Encoding.UTF8.GetBytes(span, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, count), hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string? NormalizeLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var trimmed = language.Trim().Replace('_', '-').ToLowerInvariant();
        return trimmed.Length > 20 ? trimmed[..20] : trimmed;
    }

    public readonly record struct CleanBody(string? Html, string Text, string? FirstImage);

    /// <summary>Sanitizes one item body: safe HTML, its plain text and its first real image, from a single parse.</summary>
    public CleanBody Clean(string? html, Uri? baseUri, FeedProcessingOptions limits)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return new CleanBody(null, "", null);
        }

        // A third of real items are plain text. Without markup or character references the parser would turn the
        // body into one text node holding the text itself, so that node is built directly: same output, no parse.
        if (html.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return CleanPlainText(html, limits);
        }

        return CleanMarkup(html, baseUri, limits);
    }

    /// <summary>The plain-text case of <see cref="Clean"/>: what parsing and serialising a lone text node yields.</summary>
    internal static CleanBody CleanPlainText(string plain, FeedProcessingOptions limits)
    {
        // The HTML parser normalises line breaks to LF and drops NUL characters in body text.
        var text = plain.AsSpan().IndexOfAny('\r', '\0') < 0 ? plain : plain.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\0", "", StringComparison.Ordinal);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            // A text node serialises with these escaped ('<' and '&' are absent here).
            _ = c switch
            {
                '>' => escaped.Append("&gt;"),
                '\u00A0' => escaped.Append("&nbsp;"),
                _ => escaped.Append(c),
            };
        }

        return Finish(escaped.ToString().Trim(), PlainText.CollapseWhitespace(text), null, limits);
    }

    /// <summary>The general case of <see cref="Clean"/>: parse, sanitize, then read text and images off the same DOM.</summary>
    internal CleanBody CleanMarkup(string html, Uri? baseUri, FeedProcessingOptions limits, HtmlParser? parser = null)
    {
        parser ??= t_parser ??= CreateParser();
        // Work per item is bounded: so much input and so deep a tree at most, whatever the feed sends.
        if (html.Length > limits.MaxHtmlInputLength)
        {
            html = html[..limits.MaxHtmlInputLength];
        }

        html = HtmlNesting.Cap(html, limits.MaxNestingDepth);
        var document = parser.ParseDocument("<!DOCTYPE html><html><body>" + html);
        var bodyElement = document.Body!;
        // Disallowed wrappers (section, font, center ...) keep their text, so elements whose content is code or
        // foreign markup must go first, content and all.
        foreach (var element in Descendants(bodyElement, ForeignContent))
        {
            element.Remove();
        }

        _sanitizer.SanitizeDom(document, bodyElement, baseUri?.AbsoluteUri ?? "");

        string? firstImage = null;
        foreach (var element in Descendants(bodyElement, ImagesAndLinks))
        {
            if (element is IHtmlImageElement image)
            {
                var src = image.GetAttribute("src");
                if (string.IsNullOrEmpty(src) || IsTrackingPixel(image, src))
                {
                    image.Remove();
                    continue;
                }

                image.SetAttribute("src", UrlCleaner.StripTracking(src));
                image.SetAttribute("loading", "lazy");
                firstImage ??= UrlCleaner.Canonicalize(src) is null ? null : src;
            }
            else if (element.GetAttribute("href") is { } href)
            {
                element.SetAttribute("href", UrlCleaner.StripTracking(href));
                element.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        }

        var textBuilder = new StringBuilder(html.Length);
        AppendText(bodyElement, textBuilder);
        return Finish(bodyElement.InnerHtml.Trim(), PlainText.CollapseWhitespace(textBuilder.ToString()), firstImage, limits);
    }

    /// <summary>
    /// An HTML parser that leaves out of the DOM what sanitizing would remove anyway, so it is never built: comments,
    /// attributes off the allow-list, and the text inside script and raw-text elements (style, xmp, iframe, noembed,
    /// noframes), all of which go with their element. The sanitized result is the same as from a full parse.
    /// </summary>
    private static HtmlParser CreateParser() => new(new HtmlParserOptions
    {
        IsScripting = false,
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        DisableElementPositionTracking = true,
        ShouldEmitAttribute = static (ref _, name) => AllowedAttributeNames.Contains(name.Span),
    });

    private static CleanBody Finish(string safeHtml, string text, string? firstImage, FeedProcessingOptions limits)
    {
        if (safeHtml.Length > limits.MaxHtmlLength)
        {
            safeHtml = "<p>" + WebUtility.HtmlEncode(PlainText.Truncate(text, limits.MaxTextLength)) + "</p>";
        }

        return new CleanBody(safeHtml.Length == 0 ? null : safeHtml, text, firstImage);
    }

    /// <summary>Elements with one of the given local names, in document order; a plain walk costs less than a CSS selector query.</summary>
    private static List<IElement> Descendants(IElement root, HashSet<string> localNames)
    {
        var found = new List<IElement>();
        Collect(root, localNames, found);
        return found;
    }

    private static void Collect(IElement parent, HashSet<string> localNames, List<IElement> found)
    {
        for (var child = parent.FirstElementChild; child is not null; child = child.NextElementSibling)
        {
            if (localNames.Contains(child.LocalName))
            {
                found.Add(child);
            }

            Collect(child, localNames, found);
        }
    }

    private static void AppendText(INode node, StringBuilder builder)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child.NodeType == NodeType.Text)
            {
                builder.Append(child.TextContent);
            }
            else if (child is IElement element)
            {
                var block = BlockElements.Contains(element.TagName);
                if (block)
                {
                    builder.Append(' ');
                }

                AppendText(element, builder);
                if (block)
                {
                    builder.Append(' ');
                }
            }
        }
    }

    private static bool IsTrackingPixel(IElement image, string src)
    {
        if (IsTiny(image.GetAttribute("width")) || IsTiny(image.GetAttribute("height")))
        {
            return true;
        }

        if (!Uri.TryCreate(src, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var hostAndPath = uri.Host + uri.AbsolutePath;
        foreach (var tracker in TrackerHosts)
        {
            if (hostAndPath.StartsWith(tracker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // FeedBurner-style flare and open-tracking paths on otherwise ordinary hosts.
        return uri.AbsolutePath.Contains("/~r/", StringComparison.Ordinal) || uri.AbsolutePath.Contains("/~ff/", StringComparison.Ordinal)
            || uri.AbsolutePath.EndsWith("/pixel.gif", StringComparison.OrdinalIgnoreCase) || uri.AbsolutePath.EndsWith("/open.gif", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsTiny(string? dimension)
    {
        if (string.IsNullOrWhiteSpace(dimension))
        {
            return false;
        }

        var value = dimension.Trim().TrimEnd('x', 'p').Trim();
        return value is "0" or "1";
    }
}
