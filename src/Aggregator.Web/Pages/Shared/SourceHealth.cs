namespace Aggregator.Web.Pages.Shared;

/// <summary>How a source's fetching is going, in one word for readers.</summary>
public sealed record SourceHealth(string Label, string CssClass)
{
    public static SourceHealth Of(bool enabled, DateTimeOffset? lastSuccessAt, int consecutiveFailures) =>
        (enabled, lastSuccessAt, consecutiveFailures) switch
        {
            (false, _, _) => new("disabled", "health--off"),
            (_, _, >= 3) => new($"failing ({consecutiveFailures} in a row)", "health--bad"),
            (_, _, > 0) => new($"retrying ({consecutiveFailures} failed)", "health--warn"),
            (_, null, _) => new("not fetched yet", "health--idle"),
            _ => new("healthy", "health--ok"),
        };
}
