namespace Aggregator.Web.Model;

/// <summary>What a source is, editorially: decides how its articles count toward a story's importance.</summary>
public enum SourceKind
{
    FirstParty = 0,
    Reporting = 1,
    Analysis = 2,
    Opinion = 3,
    Community = 4,
    Research = 5,
}

public class Source
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Short unique name used in URLs (/sources/{slug}) and to match import folders (e.g. "openai-news").</summary>
    public required string Slug { get; set; }
    public string? SiteUrl { get; set; }
    public required string FeedUrl { get; set; }
    public SourceKind Kind { get; set; } = SourceKind.Reporting;

    /// <summary>1 is the most authoritative, 3 the least.</summary>
    public int Tier { get; set; } = 2;

    /// <summary>Who stands behind the source (e.g. "Anthropic"); several feeds of one owner count once.</summary>
    public string? Owner { get; set; }

    public string? Category { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    // Polling state, as the fetcher last left it.
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public DateTimeOffset? NextCheckAt { get; set; }
    public DateTimeOffset? LastCheckedAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public string? LastError { get; set; }
    public int ConsecutiveFailures { get; set; }
    public int? LastHttpStatus { get; set; }

    /// <summary>Mean minutes between new items, learned from the feed; drives the adaptive schedule.</summary>
    public double? PublishIntervalMinutes { get; set; }

    public List<Article> Articles { get; set; } = [];

    /// <summary>The owner when known, else the name: the unit counted as "one source" for corroboration.</summary>
    public string OwnerKey => string.IsNullOrWhiteSpace(Owner) ? Name : Owner;
}
