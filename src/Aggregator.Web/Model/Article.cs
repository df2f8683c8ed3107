namespace Aggregator.Web.Model;

public class Article
{
    public long Id { get; set; }
    public int SourceId { get; set; }
    public Source? Source { get; set; }

    /// <summary>The feed's own id for the item, or a stable substitute when the feed gives none.</summary>
    public required string Guid { get; set; }
    public required string Url { get; set; }
    public required string Title { get; set; }
    public string? Author { get; set; }
    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>
    /// The feed gave no date: <see cref="PublishedAt"/> is when the item was first seen, so it must never pass for
    /// newer than dated news. Cleared when a later fetch gives a date.
    /// </summary>
    public bool IsUndated { get; set; }
    public DateTimeOffset FetchedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Sanitized HTML, safe to render as is.</summary>
    public string? SummaryHtml { get; set; }
    public string? Text { get; set; }
    public string? ImageUrl { get; set; }
    public string? Language { get; set; }
    public required string ContentHash { get; set; }

    /// <summary>Hash of the item as the feed wrote it, before normalising: a re-fetch skips items whose hash it has.</summary>
    public string? FeedHash { get; set; }

    // Clustering state: null TopicId means not clustered yet.
    public string? TopicId { get; set; }
    public Topic? Topic { get; set; }
    public DateTimeOffset? ClusteredAt { get; set; }

    /// <summary>Importance 1-5 of this article on its own (source prior plus content signals).</summary>
    public int Importance { get; set; } = 1;

    /// <summary>An editor moved this article by hand; re-clustering leaves it where it is.</summary>
    public bool PlacedByEditor { get; set; }
}
