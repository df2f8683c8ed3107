namespace Aggregator.Web.Ingestion;

public enum FeedFormat
{
    Rss090,
    Rss091,
    Rss092,
    Rss10,
    Rss20,
    Atom03,
    Atom10,
    JsonFeed,
    RssInJson,
}

/// <summary>A feed as read from its body, before normalisation: values as the publisher wrote them.</summary>
public sealed class ParsedFeed
{
    public required FeedFormat Format { get; init; }
    public string? Title { get; init; }

    /// <summary>The site the feed belongs to (RSS channel link, Atom alternate link, JSON home_page_url), absolute when resolvable.</summary>
    public string? SiteUrl { get; init; }

    /// <summary>Where the feed says it lives (atom:link rel=self, JSON feed_url).</summary>
    public string? SelfUrl { get; init; }
    public string? Language { get; init; }
    public int? TtlMinutes { get; init; }
    public required IReadOnlyList<ParsedItem> Items { get; init; }

    /// <summary>Items the feed had beyond the per-fetch cap.</summary>
    public int SkippedItems { get; init; }
}

public sealed class ParsedItem
{
    public string? Id { get; set; }

    /// <summary>False when the feed says its id is not a URL of the item (RSS guid isPermaLink="false", Atom ids).</summary>
    public bool IdIsPermaLink { get; set; } = true;
    public string? Link { get; set; }
    public string? Title { get; set; }
    public string? Author { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The richest body the item has (full content before summary), as HTML.</summary>
    public string? Html { get; set; }
    public string? ImageUrl { get; set; }
    public string? Language { get; set; }

    /// <summary>What relative links inside this item resolve against (xml:base, else the item link, else the feed).</summary>
    public Uri? BaseUri { get; set; }
}
