using Aggregator.Web.Model;

namespace Aggregator.Web.Admin;

public static class TopicOverrides
{
    /// <summary>
    /// Puts the editor's values into the fields readers see, at once, so pages and feeds never wait for the next
    /// recompute. A cleared override gets its computed value back from <see cref="Clustering.ITopicUpdater"/>.
    /// </summary>
    public static void ApplyEffective(Topic topic)
    {
        topic.Importance = topic.EditorImportance ?? topic.ComputedImportance;
        if (topic.EditorHeadline is not null)
        {
            topic.Headline = topic.EditorHeadline;
        }

        if (topic.EditorDek is not null)
        {
            topic.Dek = topic.EditorDek;
        }

        if (topic.EditorSummary is not null)
        {
            topic.Summary = topic.EditorSummary;
        }

        if (topic.EditorLeadArticleId is not null)
        {
            topic.LeadArticleId = topic.EditorLeadArticleId;
        }
    }

    public static bool HasOverrides(Topic topic) =>
        topic.EditorImportance is not null || topic.EditorLeadArticleId is not null || topic.EditorHeadline is not null
        || topic.EditorDek is not null || topic.EditorSummary is not null || topic.IsPinned || topic.IsHidden;
}
