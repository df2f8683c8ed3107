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
}
