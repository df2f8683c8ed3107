using System.Text;

namespace Aggregator.Web.Feeds;

/// <summary>Where each view's feeds live, for autodiscovery links on pages and for the feeds themselves.</summary>
public static class FeedUrls
{
    public static readonly IReadOnlyList<FeedFormat> Formats = [FeedFormat.Rss, FeedFormat.Atom, FeedFormat.Json];

    public static string All(FeedFormat format) => $"/feeds/topics.{format.Extension}";

    public static string Category(string category, FeedFormat format) => $"/feeds/category/{CategorySlug(category)}.{format.Extension}";

    public static string Tag(string tagSlug, FeedFormat format) => $"/feeds/tag/{Uri.EscapeDataString(tagSlug)}.{format.Extension}";

    public static string Source(string sourceSlug, FeedFormat format) => $"/feeds/source/{Uri.EscapeDataString(sourceSlug)}.{format.Extension}";

    public static string Importance(int minimum, FeedFormat format) => $"/feeds/importance/{minimum}.{format.Extension}";

    public static string Topic(string topicId, FeedFormat format) => $"/feeds/topic/{Uri.EscapeDataString(topicId)}.{format.Extension}";

    public const string SourcesOpml = "/feeds/sources.opml";

    /// <summary>A topic's permanent page, also the stable id of its feed items.</summary>
    public static string TopicPage(string topicId) => $"/topics/{Uri.EscapeDataString(topicId)}";

    /// <summary>Categories are free text on topics; their URL form is lowercase ASCII words joined by hyphens.</summary>
    public static string CategorySlug(string category)
    {
        var slug = new StringBuilder(category.Length);
        foreach (var c in category.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}

public sealed record FeedFormat(string Extension, string ContentType, string Name)
{
    public static readonly FeedFormat Rss = new("rss", "application/rss+xml; charset=utf-8", "RSS");
    public static readonly FeedFormat Atom = new("atom", "application/atom+xml; charset=utf-8", "Atom");
    public static readonly FeedFormat Json = new("json", "application/feed+json; charset=utf-8", "JSON Feed");

    public static FeedFormat? FromExtension(string extension) => extension.ToLowerInvariant() switch
    {
        "rss" => Rss,
        "atom" => Atom,
        "json" => Json,
        _ => null,
    };
}
