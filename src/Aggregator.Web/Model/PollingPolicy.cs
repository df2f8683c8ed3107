namespace Aggregator.Web.Model;

/// <summary>The bounds a source's polling schedule lives within (from the ingestion settings).</summary>
/// <param name="MinInterval">Never check sooner than this after a success.</param>
/// <param name="MaxInterval">Never wait longer than this after a success.</param>
/// <param name="DefaultInterval">When the feed's publishing rhythm is not known yet.</param>
/// <param name="BackoffCeiling">Longest wait after failures; failing feeds keep being retried at this pace.</param>
public sealed record PollingPolicy(TimeSpan MinInterval, TimeSpan MaxInterval, TimeSpan DefaultInterval, TimeSpan BackoffCeiling);
