using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aggregator.Web.Ingestion;

/// <summary>Fetch outcomes and durations, under the meter <see cref="MeterName"/> for whichever exporter operations wires up.</summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "Aggregator.Ingestion";

    private readonly Counter<long> _fetches;
    private readonly Histogram<double> _duration;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _fetches = meter.CreateCounter<long>("aggregator.feed.fetches", description: "Feed refreshes by outcome");
        _duration = meter.CreateHistogram<double>("aggregator.feed.fetch.duration", unit: "s", description: "Time to fetch and ingest one feed");
    }

    /// <param name="outcome">ok, not_modified, http_error, network_error, parse_error, store_error or invalid_url.</param>
    public void Record(string outcome, long startTimestamp)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _fetches.Add(1, tag);
        _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tag);
    }
}
