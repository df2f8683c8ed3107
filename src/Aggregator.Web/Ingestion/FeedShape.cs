using System.Xml.Linq;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Puts an RSS or RSS 1.0 document into the shape the mapper expects before it reads it: element names in the
/// case the specifications give (&lt;TiTlE&gt; is a title), items written straight under &lt;rss&gt; wrapped in a
/// channel, and the RSS namespace made the default one when the feed only declared it with a prefix.
/// </summary>
internal static class FeedShape
{
    // Elements below an item's children carry content (XHTML bodies and the like), not feed structure.
    private const int StructureDepth = 3;

    private static readonly Dictionary<string, string> Canonical = new[]
    {
        "rss", "channel", "item", "items", "title", "link", "description", "language", "copyright", "managingEditor",
        "webMaster", "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "url", "width",
        "height", "rating", "textInput", "skipHours", "skipDays", "author", "comments", "enclosure", "guid", "source", "name",
    }.ToDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);

    public static void Normalize(XElement root)
    {
        Rename(root, 0);
        if (root.Name.LocalName == "rss" && Child(root, "channel") is null && Child(root, "item") is not null)
        {
            var channel = new XElement(root.Name.Namespace + "channel", root.Nodes());
            root.RemoveNodes();
            root.Add(channel);
        }

        var structure = Child(root, "channel") is { } found && found.Name.Namespace != XNamespace.None ? found
            : Child(root, "item") is { } item && item.Name.Namespace != XNamespace.None ? item
            : null;
        if (structure is not null && structure.Name.Namespace != root.GetDefaultNamespace())
        {
            // The mapper looks elements up in the default namespace; a feed that gave the RSS namespace a prefix
            // (<rss:item>) and no default would otherwise read as empty.
            root.SetAttributeValue("xmlns", structure.Name.NamespaceName);
        }
    }

    private static void Rename(XElement element, int depth)
    {
        var name = element.Name;
        if (IsRssNamespace(name.Namespace) && Canonical.TryGetValue(name.LocalName, out var canonical) && !string.Equals(canonical, name.LocalName, StringComparison.Ordinal))
        {
            element.Name = name.Namespace + canonical;
        }

        if (depth >= StructureDepth)
        {
            return;
        }

        foreach (var child in element.Elements())
        {
            Rename(child, depth + 1);
        }
    }

    private static bool IsRssNamespace(XNamespace ns) =>
        ns == XNamespace.None
        || ns.NamespaceName.Contains("purl.org/rss/", StringComparison.OrdinalIgnoreCase)
        || ns.NamespaceName.Contains("netscape.com/rdf/simple/", StringComparison.OrdinalIgnoreCase)
        || ns.NamespaceName.Contains("backend.userland.com/rss", StringComparison.OrdinalIgnoreCase);

    private static XElement? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
