using Aggregator.Web.Data;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>
/// Recomputes what a topic knows from its current members: counts, sources, times, lead, importance and its
/// factors, category, tags, main entity, headline, dek and summary. Editor overrides (Editor* fields) always win.
/// Admin actions (merge, split, move) call it after changing membership; the clustering worker calls it after
/// assigning new articles.
/// </summary>
public interface ITopicUpdater
{
    Task RecomputeAsync(AppDbContext db, IReadOnlyCollection<string> topicIds, CancellationToken cancellationToken);

    /// <summary>
    /// Fills in topics not yet stored from the members they will have (their articles' importance too), so each is
    /// written once, complete, instead of inserted and then recomputed. Nothing is saved or tracked.
    /// </summary>
    Task ComposeAsync(AppDbContext db, IReadOnlyList<(Model.Topic Topic, IReadOnlyList<Model.Article> Members)> topics, CancellationToken cancellationToken);
}
