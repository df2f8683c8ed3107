namespace Aggregator.Web.Model;

/// <summary>One real-world story: the articles that report it, and what we know about it.</summary>
public class Topic
{
    /// <summary>10 lowercase hex characters; never changes once shown.</summary>
    public required string Id { get; set; }
    public required string Slug { get; set; }
    public required string Headline { get; set; }
    public string? Dek { get; set; }

    /// <summary>Plain-text summary (2-4 sentences), as computed or as an editor wrote it (Markdown).</summary>
    public string? Summary { get; set; }
    public List<SummarySentence> SummarySentences { get; set; } = [];

    public long? LeadArticleId { get; set; }
    public Article? LeadArticle { get; set; }

    public string? Category { get; set; }
    public string? MainEntity { get; set; }

    /// <summary>The importance readers see: the editor's when set, else the computed one.</summary>
    public int Importance { get; set; } = 1;
    public int ComputedImportance { get; set; } = 1;
    public List<ImportanceFactor> ImportanceFactors { get; set; } = [];

    public int ArticleCount { get; set; }
    public int SourceCount { get; set; }
    public DateTimeOffset EarliestAt { get; set; }
    public DateTimeOffset LatestAt { get; set; }

    /// <summary>No report in the story's core has a date of its own: ranks after every dated story, by first-seen time.</summary>
    public bool IsUndated { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when the topic stops receiving articles; a closed topic takes no new members.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>
    /// Raised with every saved change. A save based on an older read of the topic is refused, so two editors (or an
    /// editor and the clustering) acting on it at once cannot both win: the second is told to reload.
    /// </summary>
    public int Version { get; set; }

    /// <summary>Set when merged into another topic: this id then redirects there.</summary>
    public string? MergedIntoId { get; set; }

    /// <summary>Set when the engine split this topic off another (that topic held two stories): the one it left.</summary>
    public string? SplitFromId { get; set; }

    /// <summary>When the split that made this topic was stored.</summary>
    public DateTimeOffset? SplitAt { get; set; }

    // Editor overrides: each survives re-clustering.
    public int? EditorImportance { get; set; }
    public long? EditorLeadArticleId { get; set; }
    public string? EditorHeadline { get; set; }
    public string? EditorDek { get; set; }
    public string? EditorSummary { get; set; }
    public bool IsPinned { get; set; }
    public bool IsHidden { get; set; }

    public List<Article> Articles { get; set; } = [];
    public List<TopicTag> Tags { get; set; } = [];

    public bool IsMultiSource => SourceCount > 1;
    public string SourceLabel => IsMultiSource ? "multi-source" : "single-source";

    /// <summary>An editor pinned, hid or overrode something here: the engine's own merges and splits leave it alone.</summary>
    public bool IsEditorOwned =>
        IsPinned || IsHidden || EditorImportance is not null || EditorLeadArticleId is not null
        || EditorHeadline is not null || EditorDek is not null || EditorSummary is not null;

    /// <summary>
    /// Puts the editor's values over the computed ones in the fields readers see, at once, so pages and feeds never
    /// wait for the next recompute. Call after the computed fields are set; a cleared override gets its computed
    /// value back at the next recompute.
    /// </summary>
    public void ApplyEditorOverrides()
    {
        Importance = EditorImportance ?? ComputedImportance;
        if (!string.IsNullOrWhiteSpace(EditorHeadline))
        {
            Headline = EditorHeadline;
        }

        if (!string.IsNullOrWhiteSpace(EditorDek))
        {
            Dek = EditorDek;
        }

        if (!string.IsNullOrWhiteSpace(EditorSummary))
        {
            Summary = EditorSummary;
        }

        if (EditorLeadArticleId is not null)
        {
            LeadArticleId = EditorLeadArticleId;
        }
    }
}

/// <summary>One sentence of an extractive summary, traceable to the article it came from.</summary>
public record SummarySentence(string Text, long? ArticleId);

/// <summary>One component of a topic's importance, kept so the page can say why it is n/5.</summary>
public record ImportanceFactor(string Name, double Value, string Explanation);
