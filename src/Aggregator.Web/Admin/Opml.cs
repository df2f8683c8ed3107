using System.Xml;
using System.Xml.Linq;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Shared;

namespace Aggregator.Web.Admin;

/// <param name="Category">The enclosing folder's title, when the outline sits in one.</param>
public sealed record OpmlFeed(string Title, string FeedUrl, string? SiteUrl, string? Category, SourceKind? Kind, int? Tier, string? Owner);

/// <summary>OPML 2.0 subscription lists; our own attributes (kind, tier, owner, the full name) round-trip, other readers ignore them.</summary>
public static class Opml
{
    private const string Ns = "https://aggregator.invalid/opml";

    public static IReadOnlyList<OpmlFeed> Read(Stream stream)
    {
        XDocument document;
        try
        {
            // No DTDs: an uploaded file must not pull in entities or external resources.
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FormatException($"The file is not valid OPML/XML: {e.Message}", e);
        }

        var body = document.Root is { Name.LocalName: "opml" } root ? root.Element("body") : null;
        if (body is null)
        {
            throw new FormatException("The file is not OPML: it has no <opml><body>.");
        }

        var feeds = new List<OpmlFeed>();
        foreach (var outline in body.Descendants("outline"))
        {
            var xmlUrl = (string?)outline.Attribute("xmlUrl");
            if (string.IsNullOrWhiteSpace(xmlUrl))
            {
                continue;
            }

            var title = ((string?)outline.Attribute(XName.Get("name", Ns)) ?? (string?)outline.Attribute("title") ?? (string?)outline.Attribute("text"))?.Trim();
            var folder = outline.Parent is { Name.LocalName: "outline" } parent && parent.Attribute("xmlUrl") is null
                ? ((string?)parent.Attribute("title") ?? (string?)parent.Attribute("text"))?.Trim()
                : null;
            var kind = Enum.TryParse<SourceKind>((string?)outline.Attribute(XName.Get("kind", Ns)), ignoreCase: true, out var k) ? k : (SourceKind?)null;
            var tier = int.TryParse((string?)outline.Attribute(XName.Get("tier", Ns)), out var t) ? t : (int?)null;
            feeds.Add(new OpmlFeed(
                string.IsNullOrEmpty(title) ? xmlUrl.Trim() : title,
                xmlUrl.Trim(),
                (string?)outline.Attribute("htmlUrl"),
                (string?)outline.Attribute(XName.Get("category", Ns)) ?? folder,
                kind,
                tier,
                (string?)outline.Attribute(XName.Get("owner", Ns))));
        }

        return feeds;
    }

    public static XDocument Write(IEnumerable<Source> sources, DateTimeOffset now)
    {
        XNamespace agg = Ns;
        var body = new XElement("body");
        foreach (var group in sources.GroupBy(s => s.Category ?? "Uncategorized").OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            var folder = new XElement("outline", new XAttribute("text", group.Key), new XAttribute("title", group.Key));
            foreach (var s in group.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
            {
                // Readers show the publisher's name; the name that tells our feeds apart comes back on import.
                var readable = SourceLabels.Name(s.Name);
                folder.Add(new XElement("outline",
                    new XAttribute("type", "rss"),
                    new XAttribute("text", readable),
                    new XAttribute("title", readable),
                    readable == s.Name ? null : new XAttribute(agg + "name", s.Name),
                    new XAttribute("xmlUrl", s.FeedUrl),
                    s.SiteUrl is null ? null : new XAttribute("htmlUrl", s.SiteUrl),
                    new XAttribute(agg + "kind", s.Kind.ToString()),
                    new XAttribute(agg + "tier", s.Tier),
                    s.Owner is null ? null : new XAttribute(agg + "owner", s.Owner),
                    s.Category is null ? null : new XAttribute(agg + "category", s.Category),
                    s.Enabled ? null : new XAttribute(agg + "disabled", "true")));
            }

            body.Add(folder);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"), new XAttribute(XNamespace.Xmlns + "aggregator", Ns),
                new XElement("head", new XElement("title", "Aggregator sources"), new XElement("dateCreated", now.ToString("r", System.Globalization.CultureInfo.InvariantCulture))),
                body));
    }
}
