using System.Diagnostics.Metrics;
using Aggregator.Web.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Operations;

/// <summary>
/// The app's own instruments on the "Aggregator" meter. Ingestion and clustering call the Record* methods; the
/// gauges read the database when a scraper collects, at most every few seconds.
/// </summary>
public sealed class AggregatorMetrics
{
    public const string MeterName = "Aggregator";

    private static readonly TimeSpan GaugeRefresh = TimeSpan.FromSeconds(10);

    private readonly Counter<long> _fetches;
    private readonly Counter<long> _itemsIngested;
    private readonly Counter<long> _articlesClustered;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private GaugeSnapshot? _snapshot;

    public AggregatorMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider time)
    {
        _scopes = scopes;
        _time = time;
        var meter = meters.Create(MeterName);
        _fetches = meter.CreateCounter<long>("aggregator.fetches", "{fetch}", "Feed fetches, by outcome.");
        _itemsIngested = meter.CreateCounter<long>("aggregator.items.ingested", "{item}", "New articles stored by ingestion.");
        _articlesClustered = meter.CreateCounter<long>("aggregator.articles.clustered", "{article}", "Articles assigned to a topic.");
        meter.CreateObservableGauge("aggregator.clustering.unclustered", () => Snapshot().Unclustered, "{article}",
            "Articles waiting to be clustered.");
        meter.CreateObservableGauge("aggregator.clustering.oldest_unclustered_age", () => Snapshot().OldestAgeSeconds, "s",
            "Age of the oldest article waiting to be clustered (since it was fetched).");
        meter.CreateObservableGauge("aggregator.topics.open", () => Snapshot().OpenTopics, "{topic}",
            "Topics still accepting articles (not closed, hidden or merged).");
    }

    /// <summary>One fetch finished. Outcome: "ok", "not_modified", "error", "timeout", "refused", "skipped", ...</summary>
    public void RecordFetch(string outcome) => _fetches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>New articles stored (not updates of known ones).</summary>
    public void RecordItemsIngested(int count)
    {
        if (count > 0)
        {
            _itemsIngested.Add(count);
        }
    }

    /// <summary>Articles assigned to topics in one clustering pass.</summary>
    public void RecordArticlesClustered(int count)
    {
        if (count > 0)
        {
            _articlesClustered.Add(count);
        }
    }

    private GaugeSnapshot Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_snapshot is not null && now - _snapshot.At < GaugeRefresh)
            {
                return _snapshot;
            }

            try
            {
                using var scope = _scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var unclustered = db.Articles.Where(a => a.TopicId == null);
                var count = unclustered.Count();
                var oldest = count == 0 ? (DateTimeOffset?)null : unclustered.Min(a => (DateTimeOffset?)a.FetchedAt);
                var open = db.Topics.Count(t => t.ClosedAt == null && t.MergedIntoId == null && !t.IsHidden);
                _snapshot = new GaugeSnapshot(now, count, oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : 0, open);
            }
            catch (DbException)
            {
                // A locked or not yet migrated database must not break the scrape; the last values stand.
                _snapshot ??= new GaugeSnapshot(now, 0, 0, 0);
            }

            return _snapshot;
        }
    }

    private sealed record GaugeSnapshot(DateTimeOffset At, int Unclustered, double OldestAgeSeconds, int OpenTopics);
}
