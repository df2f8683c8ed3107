using Aggregator.Web.Model;

namespace Aggregator.Web.Pages.Shared;

public static partial class SourceLabels
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

    /// <summary>
    /// The publisher's name as readers know it: the curated list tells feeds apart with qualifiers such as
    /// "The Verge (all)" or "Anthropic News (community-generated feed)" that say nothing to a reader.
    /// </summary>
    public static string Name(string name)
    {
        var cut = FeedQualifier().Match(name);
        return cut.Success && cut.Index > 0 ? name[..cut.Index] : name;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\((?:all|community-generated feed|scraped|daily, scraped)\)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex FeedQualifier();

    public static string CountLabel(int count, string singular, string plural) =>
        count == 1 ? $"1 {singular}" : $"{count} {plural}";
}
