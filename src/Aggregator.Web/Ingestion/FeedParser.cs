using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Aggregator.Web.Text;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Reads RSS 0.9x/1.0/2.0, Atom and JSON Feed bodies, recognised by their content. CodeHollow.FeedReader maps the
/// XML; this class owns what it does not: decoding, security, recovery from broken XML, xml:base, dates, ids.
/// Stateless and thread-safe.
/// </summary>
public sealed class FeedParser(IOptions<FeedProcessingOptions> options)
{
    private static readonly XNamespace AtomNs = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace MediaNs = "http://search.yahoo.com/mrss/";
    private static readonly XNamespace ItunesNs = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static readonly XNamespace XmlNs = XNamespace.Xml;
    private static readonly XNamespace DcNs = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace XhtmlNs = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        // No DTD is ever processed and nothing external is ever fetched: this is what stops
        // "billion laughs" entity expansion and XXE file/network reads.
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        // Real feeds carry control characters; refusing them would lose whole feeds for one bad byte.
        CheckCharacters = false,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    static FeedParser() => FeedDecoder.EnsureRegistered();

    /// <summary>Parses a body; throws <see cref="FeedParseException"/> with a readable message when it is not a feed.</summary>
    public ParsedFeed Parse(byte[] body, string? contentType, Uri? baseUri)
    {
        var limits = options.Value;
        body = FeedDecoder.Decompress(body, limits.MaxDecompressedBytes);
        var text = FeedDecoder.Decode(body, contentType);
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] is '\uFEFF' or '\0'))
        {
            start++;
        }

        if (start == text.Length)
        {
            throw new FeedParseException("The feed is empty.");
        }

        if (text[start] is '{' or '[' || text.AsSpan(start).StartsWith("//") || text.AsSpan(start).StartsWith("/*"))
        {
            return ParseJson(text.AsMemory(start), baseUri, limits.MaxItemsPerFetch);
        }

        var lt = text.IndexOf('<', start);
        if (lt < 0)
        {
            throw new FeedParseException("The body is neither XML nor JSON, so it is not a feed.");
        }

        // A comment or a stray BOM before the XML declaration makes strict parsers give up; start at the declaration.
        var declaration = text.IndexOf("<?xml", lt, StringComparison.Ordinal);
        if (declaration > lt && declaration < lt + 4096 && IsPrologOnly(text.AsSpan(lt, declaration - lt)))
        {
            lt = declaration;
        }

        return ParseXml(text[lt..], baseUri, limits.MaxItemsPerFetch);
    }

    /// <summary>True when the text holds only comments, whitespace and BOMs (no element starts).</summary>
    private static bool IsPrologOnly(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            text = text.TrimStart(" \t\r\n\uFEFF");
            if (text.IsEmpty)
            {
                return true;
            }

            if (!text.StartsWith("<!--"))
            {
                return false;
            }

            var end = text.IndexOf("-->");
            if (end < 0)
            {
                return false;
            }

            text = text[(end + 3)..];
        }

        return true;
    }

    private static ParsedFeed ParseXml(string xml, Uri? baseUri, int maxItems)
    {
        RefuseEntityDeclarations(xml);
        XDocument document;
        var rebalanced = false;
        try
        {
            document = Load(xml);
        }
        catch (XmlException first)
        {
            if (LooksLikeHtml(xml))
            {
                throw new FeedParseException("The address returned an HTML page, not a feed.");
            }

            try
            {
                document = Load(XmlRepair.Repair(xml));
            }
            catch (XmlException)
            {
                // Last resort for a body cut short in transit: close whatever was left open.
                try
                {
                    document = Load(XmlRepair.Rebalance(XmlRepair.Repair(xml)));
                    rebalanced = true;
                }
                catch (XmlException)
                {
                    throw new FeedParseException($"The feed is not well-formed XML: {first.Message}", first);
                }
            }
        }

        var root = document.Root ?? throw new FeedParseException("The XML document has no root element.");
        if (root.Name.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase))
        {
            // Some blogs serve their feed wrapped in an XHTML page; use the feed inside when there is one.
            root = root.Descendants().FirstOrDefault(e => e.Name.LocalName is "feed" or "rss" or "RDF")
                ?? throw new FeedParseException("The address returned an HTML page, not a feed.");
            root.Remove();
        }

        if (root.Name == AtomNs + "entry")
        {
            // A lone Atom entry document: treat it as a feed of one.
            root = new XElement(AtomNs + "feed", root);
        }
        var rootName = root.Name.LocalName.ToLowerInvariant();
        if (rootName is "rss" or "rdf")
        {
            FeedShape.Normalize(root);
        }

        var documentBase = Combine(baseUri, (string?)root.Attribute(XmlNs + "base"));
        return rootName switch
        {
            "rss" => ReadRss(root, xml, documentBase, maxItems, rebalanced),
            "rdf" => ReadRdf(root, xml, documentBase, maxItems),
            "feed" => ReadAtom(root, xml, documentBase, maxItems),
            "html" => throw new FeedParseException("The address returned an HTML page, not a feed."),
            "opml" => throw new FeedParseException("This is an OPML subscription list, not a feed; import it instead."),
            _ => throw new FeedParseException($"The document's root element is <{root.Name.LocalName}>, which is not RSS, RSS 1.0 (RDF) or Atom."),
        };
    }

    private static XDocument Load(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    private static void RefuseEntityDeclarations(string xml)
    {
        var doctype = xml.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        if (doctype < 0)
        {
            return;
        }

        var window = xml.AsSpan(doctype, Math.Min(xml.Length - doctype, 64 * 1024));
        var end = window.IndexOf("]>");
        var subset = end < 0 ? window : window[..end];
        if (subset.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedParseException(
                "The feed declares its own XML entities in a DTD. Such feeds are refused: entity declarations are how " +
                "entity-expansion (\"billion laughs\") and external-entity (XXE) attacks work.");
        }
    }

    private static bool LooksLikeHtml(string xml)
    {
        var head = xml.AsSpan(0, Math.Min(xml.Length, 512));
        return head.Contains("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || head.Contains("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static ParsedFeed ReadRss(XElement root, string xml, Uri? documentBase, int maxItems, bool rebalanced)
    {
        var channel = Child(root, "channel") ?? throw new FeedParseException("The RSS document has no <channel> element.");
        if (rebalanced)
        {
            // After repairing broken nesting, items can end up inside an element left open; move them back.
            foreach (var stray in channel.Descendants().Where(e => e.Name.LocalName == "item" && e.Parent != channel && e.Parent?.Name.LocalName != "item").ToList())
            {
                stray.Remove();
                channel.Add(stray);
            }
        }

        var version = ((string?)root.Attribute("version"))?.Trim();
        BaseFeed specific = version switch
        {
            "0.91" => new Rss091Feed(xml, channel),
            "0.92" => new Rss092Feed(xml, channel),
            _ => new Rss20Feed(xml, channel),
        };
        var format = version switch
        {
            "0.91" => FeedFormat.Rss091,
            "0.92" or "0.93" or "0.94" => FeedFormat.Rss092,
            _ => FeedFormat.Rss20,
        };
        var feed = new Feed(specific);
        var channelBase = Combine(documentBase, (string?)channel.Attribute(XmlNs + "base"));
        int? ttl = int.TryParse(Child(channel, "ttl")?.Value.Trim(), out var minutes) && minutes > 0 ? minutes : null;
        return Build(format, feed, channel, channelBase, Child(channel, "language")?.Value, ttl, maxItems);
    }

    private static ParsedFeed ReadRdf(XElement root, string xml, Uri? documentBase, int maxItems)
    {
        var channel = Child(root, "channel");
        if (channel is null)
        {
            // Items without a channel still make a feed; give the mapper an empty channel to hang them from.
            var ns = Child(root, "item")?.Name.Namespace ?? root.GetDefaultNamespace();
            channel = new XElement(ns + "channel");
            root.AddFirst(channel);
        }

        var feed = new Feed(new Rss10Feed(xml, channel));
        var format = root.Elements().Any(e => e.Name.NamespaceName.Contains("netscape.com/rdf/simple/0.9", StringComparison.Ordinal))
            ? FeedFormat.Rss090 : FeedFormat.Rss10;
        var language = channel.Elements().FirstOrDefault(e => e.Name.LocalName == "language")?.Value;
        return Build(format, feed, channel, documentBase, language, null, maxItems);
    }

    private static ParsedFeed ReadAtom(XElement root, string xml, Uri? documentBase, int maxItems)
    {
        if (root.GetDefaultNamespace() != root.Name.Namespace)
        {
            // Prefixed Atom (<a:feed>): the mapper looks elements up in the default namespace.
            root.SetAttributeValue("xmlns", root.Name.NamespaceName);
        }

        var feed = new Feed(new AtomFeed(xml, root));
        var format = root.Name.Namespace == AtomNs ? FeedFormat.Atom10 : FeedFormat.Atom03;
        return Build(format, feed, root, documentBase, (string?)root.Attribute(XmlNs + "lang"), null, maxItems);
    }

    private static ParsedFeed Build(FeedFormat format, Feed feed, XElement channel, Uri? channelBase, string? language, int? ttl, int maxItems)
    {
        var siteUrl = Resolve(channelBase, feed.Link ?? AtomLink(channel, "alternate"));
        var siteBase = Combine(channelBase, siteUrl);
        var items = new List<ParsedItem>(Math.Min(feed.Items.Count, maxItems));
        // An <item/> nested inside another item (seen in FeedBurner output) is not an item of the feed.
        var feedItems = feed.Items.Where(i => i.SpecificItem?.Element?.Parent?.Name.LocalName is not ("item" or "entry")).ToList();
        foreach (var item in feedItems.Take(maxItems))
        {
            items.Add(ReadItem(item, format, siteBase, language?.Trim()));
        }

        return new ParsedFeed
        {
            Format = format,
            Title = CleanText(feed.Title),
            SiteUrl = siteUrl,
            SelfUrl = Resolve(channelBase, AtomLink(channel, "self")),
            Language = string.IsNullOrWhiteSpace(language) ? null : language.Trim(),
            TtlMinutes = ttl,
            Items = items,
            SkippedItems = Math.Max(0, feedItems.Count - maxItems),
        };
    }

    private static ParsedItem ReadItem(FeedItem item, FeedFormat format, Uri? siteBase, string? feedLanguage)
    {
        var element = item.SpecificItem.Element;
        var itemBase = XmlBase(element, siteBase);
        var isAtom = format is FeedFormat.Atom10 or FeedFormat.Atom03;

        // An Atom entry's URL is its alternate link and nothing else: an enclosure or self link is not the story.
        var link = isAtom ? AtomLink(element, "alternate") : item.Link;
        var guid = Child(element, "guid");
        var guidIsPermaLink = guid is null || !string.Equals(((string?)guid.Attribute("isPermaLink"))?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(link) && guid is not null && guidIsPermaLink)
        {
            link = guid.Value;
        }

        link = Resolve(itemBase, link?.Trim());
        string? html;
        string? title;
        string? author;
        if (isAtom)
        {
            html = AtomTextConstruct.Html(Child(element, "content"), itemBase) ?? AtomTextConstruct.Html(Child(element, "summary"), itemBase);
            title = CleanText(AtomTextConstruct.Html(Child(element, "title"), itemBase));
            author = AtomAuthor(Child(element, "author")) ?? CleanText(Child(element, "creator", DcNs)?.Value);
        }
        else
        {
            html = NonEmpty(item.Content) ?? AtomTextConstruct.InlineXhtml(Child(element, "body", XhtmlNs), itemBase) ?? NonEmpty(Child(element, "fullitem")?.Value)
                ?? NonEmpty(item.Description) ?? NonEmpty(Child(element, "description", DcNs)?.Value) ?? NonEmpty(Child(element, "summary")?.Value);
            title = CleanText(item.Title) ?? CleanText(Child(element, "title", DcNs)?.Value) ?? CleanText(Child(element, "title", MediaNs)?.Value);
            author = CleanText(NonEmpty(item.Author) ?? Child(element, "author")?.Value) ?? CleanText(Child(element, "creator", DcNs)?.Value)
                ?? CleanText(Child(element, "author", DcNs)?.Value) ?? CleanText(Child(element, "author", ItunesNs)?.Value)
                // An aggregator (Google News) names the outlet that wrote the item in <source>: the item's credit line.
                ?? CleanText(Child(element, "source")?.Value);
        }

        // Feeds that repeat <updated> append to it: the last one is the newest statement of the time.
        var updated = LastDate(element, "updated", "modified");
        var published = FirstDate(element, "pubDate", "date", "published", "issued", "created") ?? updated
            ?? (item.PublishingDate is { } date ? ToOffset(date, item.PublishingDateString) : null);

        return new ParsedItem
        {
            // An RSS 1.0 item's rdf:about is its id; the mapper would give its link instead.
            Id = NonEmpty((string?)element.Attribute(RdfNs + "about"))?.Trim() ?? NonEmpty(item.Id)?.Trim() ?? NonEmpty(guid?.Value)?.Trim(),
            IdIsPermaLink = guidIsPermaLink,
            Link = link,
            Title = title,
            Author = author,
            PublishedAt = published,
            UpdatedAt = updated,
            Html = html,
            ImageUrl = Resolve(itemBase, MediaImage(element)),
            Language = NonEmpty((string?)element.Attribute(XmlNs + "lang")) ?? feedLanguage,
            BaseUri = itemBase ?? (Uri.TryCreate(link, UriKind.Absolute, out var linkUri) ? linkUri : null),
        };
    }

    /// <summary>An Atom person as one line: "name (e-mail)", or whichever of the two is given.</summary>
    private static string? AtomAuthor(XElement? author)
    {
        if (author is null)
        {
            return null;
        }

        var name = CleanText(Child(author, "name")?.Value);
        var email = CleanText(Child(author, "email")?.Value);
        return name is null ? email ?? CleanText(author.Value)
            : email is null ? name
            : $"{name} ({email})";
    }

    /// <summary>CodeHollow reads dates as local DateTime; re-read the original string to keep its offset.</summary>
    private static DateTimeOffset? ToOffset(DateTime date, string? original) =>
        FeedDates.Parse(original) ?? new DateTimeOffset(DateTime.SpecifyKind(date, date.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : date.Kind).ToUniversalTime());

    private static DateTimeOffset? FirstDate(XElement element, params string[] names)
    {
        foreach (var child in element.Elements())
        {
            if (Array.IndexOf(names, child.Name.LocalName) >= 0 && FeedDates.Parse(child.Value) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    private static DateTimeOffset? LastDate(XElement element, params string[] names)
    {
        DateTimeOffset? last = null;
        foreach (var child in element.Elements())
        {
            if (Array.IndexOf(names, child.Name.LocalName) >= 0 && FeedDates.Parse(child.Value) is { } date)
            {
                last = date;
            }
        }

        return last;
    }

    private static string? MediaImage(XElement element)
    {
        foreach (var child in element.Descendants())
        {
            var name = child.Name;
            if (name == MediaNs + "thumbnail")
            {
                return (string?)child.Attribute("url");
            }

            if (name == MediaNs + "content" &&
                (((string?)child.Attribute("medium")) == "image" || ((string?)child.Attribute("type"))?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true))
            {
                return (string?)child.Attribute("url");
            }

            if (name.LocalName == "enclosure" && ((string?)child.Attribute("type"))?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true)
            {
                return (string?)child.Attribute("url") ?? (string?)child.Attribute("href");
            }

            if (name == ItunesNs + "image")
            {
                return (string?)child.Attribute("href");
            }
        }

        return null;
    }

    private static string? AtomLink(XElement parent, string rel)
    {
        foreach (var link in parent.Elements())
        {
            if (link.Name.LocalName != "link" || (link.Name.Namespace != AtomNs && link.Name.Namespace != parent.Name.Namespace))
            {
                continue;
            }

            var href = (string?)link.Attribute("href");
            if (href is null)
            {
                continue;
            }

            var linkRel = (string?)link.Attribute("rel") ?? "alternate";
            if (string.Equals(linkRel, rel, StringComparison.OrdinalIgnoreCase))
            {
                return href.Trim();
            }
        }

        return null;
    }

    private static XElement? Child(XElement? parent, string localName, XNamespace? ns = null)
    {
        if (parent is null)
        {
            return null;
        }

        foreach (var child in parent.Elements())
        {
            if (child.Name.LocalName == localName && (ns is null || child.Name.Namespace == ns))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The xml:base in force at an element: every ancestor's xml:base applied in turn over the outer base.</summary>
    internal static Uri? XmlBase(XElement element, Uri? outer)
    {
        List<string>? bases = null;
        for (var e = element; e is not null; e = e.Parent)
        {
            if (e.Attribute(XmlNs + "base") is { } attribute)
            {
                (bases ??= []).Add(attribute.Value);
            }
        }

        if (bases is null)
        {
            return outer;
        }

        // Ancestors above the channel were already applied to the outer base; applying them again is harmless.
        var result = outer;
        for (var i = bases.Count - 1; i >= 0; i--)
        {
            result = Combine(result, bases[i]);
        }

        return result;
    }

    private static Uri? Combine(Uri? baseUri, string? relative)
    {
        if (string.IsNullOrWhiteSpace(relative))
        {
            return baseUri;
        }

        relative = relative.Trim();
        // On Unix "/path" parses as an absolute file URI; in a feed it is always relative to the site.
        if (!relative.StartsWith('/') && Uri.TryCreate(relative, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "file")
        {
            return absolute;
        }

        return baseUri is not null && Uri.TryCreate(baseUri, relative, out var combined) ? combined : baseUri;
    }

    /// <summary>An absolute http(s) URL for a link as written, or the link as written when it cannot be resolved.</summary>
    internal static string? Resolve(Uri? baseUri, string? link)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }

        link = link.Trim();
        if (Uri.TryCreate(link, UriKind.Absolute, out var absolute) && !absolute.IsFile && !link.StartsWith('/'))
        {
            return absolute.AbsoluteUri;
        }

        if (baseUri is not null && Uri.TryCreate(baseUri, link, out var combined))
        {
            return combined.AbsoluteUri;
        }

        return link;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Titles and names are text; see <see cref="TitleText"/>.</summary>
    internal static string? CleanText(string? value) => TitleText.Clean(value);

    private static ParsedFeed ParseJson(ReadOnlyMemory<char> json, Uri? baseUri, int maxItems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new FeedParseException($"The feed is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                return JsonFeedReader.ReadJsonFeed(root, items, baseUri, maxItems);
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rss", out var rss) && rss.TryGetProperty("channel", out var channel))
            {
                return JsonFeedReader.ReadRssInJson(channel, baseUri, maxItems);
            }

            throw new FeedParseException("The JSON document is not a JSON Feed: it has no \"items\" array.");
        }
    }
}
