namespace Aggregator.Web.Clustering.Engine;

/// <summary>An article as the clustering engine sees it: no database, no EF.</summary>
/// <param name="Id">The caller's id for the article (the database id as a string, or a JSON Lines id).</param>
/// <param name="Source">The feed it came from: the engine learns each feed's template (words in most of its items) and leaves it out.</param>
/// <param name="FromCommunity">It came from a community (a forum or link aggregator), whose threads may discuss rather than report.</param>
public sealed record ClusterInput(string Id, string Title, string? Text, string? Url, string? Source, DateTimeOffset? Published, bool FromCommunity = false);

/// <param name="TopicId">10 lowercase hex characters, stable for the life of the topic.</param>
/// <param name="Similarity">Similarity to the joined topic (0..1); 0 when a new topic was started.</param>
public sealed record ClusterAssignment(string ArticleId, string TopicId, bool IsNewTopic, double Similarity);

/// <summary>Two topics found to be one story; <see cref="FromTopicId"/> now redirects to <see cref="IntoTopicId"/>.</summary>
public sealed record TopicMerge(string FromTopicId, string IntoTopicId);

/// <summary>
/// A topic found to hold two stories: <see cref="ArticleIds"/> left <see cref="FromTopicId"/> (which keeps the larger
/// part and its id) for the new topic <see cref="NewTopicId"/>.
/// </summary>
public sealed record TopicSplit(string FromTopicId, string NewTopicId, IReadOnlyList<string> ArticleIds);

/// <summary>
/// The online, incremental story clusterer: pure code, articles in, assignments out. The app's worker, the
/// `cluster` and `eval` verbs and the benchmarks all run the same implementation. Not thread-safe: one caller at a time.
/// </summary>
public interface IStoryClusterer
{
    /// <summary>Joins the article to the best open topic or starts a new one. Call in publication order.</summary>
    ClusterAssignment Add(ClusterInput article);

    /// <summary>
    /// Lets the articles added since the last call choose again now that the whole batch is known, and returns their
    /// final assignments in the order added (<see cref="ClusterAssignment.IsNewTopic"/>: a topic founded in the batch).
    /// Until settled, an article's topic may still change.
    /// </summary>
    IReadOnlyList<ClusterAssignment> Settle();

    /// <summary>Rebuilds state after a restart: puts an already-assigned article back into its topic, as it was.</summary>
    void Restore(string topicId, ClusterInput article);

    /// <summary>
    /// What the engine learnt that replaying stored articles cannot rebuild (the story pace), as numbers to keep beside
    /// the database; null when there is nothing such.
    /// </summary>
    double[]? SaveLearned() => null;

    /// <summary>Rebuilds state after a restart, after <see cref="Restore"/>: takes up what <see cref="SaveLearned"/> kept.</summary>
    void RestoreLearned(double[] saved)
    {
    }

    /// <summary>
    /// Rebuilds state after a restart: <paramref name="otherTopicId"/> was split off <paramref name="topicId"/> (or off a
    /// topic split off it), so the two are never merged again. Call after restoring both, in the order of the splits.
    /// </summary>
    void KeepApart(string topicId, string otherTopicId);

    /// <summary>Merges decided since the last call (the engine's own, not editors').</summary>
    IReadOnlyList<TopicMerge> TakeMerges();

    /// <summary>Splits decided since the last call (by <see cref="Settle"/>), in the order they were made.</summary>
    IReadOnlyList<TopicSplit> TakeSplits();

    /// <summary>Topics closed (no longer accepting articles) since the last call.</summary>
    IReadOnlyList<string> TakeClosed();

    /// <summary>Forget a topic (an editor hid, merged or dissolved it); its articles stay where they are.</summary>
    void Remove(string topicId);
}
