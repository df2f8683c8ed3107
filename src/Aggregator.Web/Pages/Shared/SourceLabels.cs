using Aggregator.Web.Model;

namespace Aggregator.Web.Pages.Shared;

public static class SourceLabels
{
    /// <summary>What kind of voice a source is, in the words readers see on timelines.</summary>
    public static string Kind(SourceKind kind) => kind switch
    {
        SourceKind.FirstParty => "first-party",
        SourceKind.Reporting => "reporting",
        SourceKind.Analysis => "analysis",
        // An author publishing their own view on their own site.
        SourceKind.Opinion => "first-party opinion",
        SourceKind.Community => "community",
        SourceKind.Research => "research",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string Tier(int tier) => $"tier {tier}";

    public static string CountLabel(int count, string singular, string plural) =>
        count == 1 ? $"1 {singular}" : $"{count} {plural}";
}
