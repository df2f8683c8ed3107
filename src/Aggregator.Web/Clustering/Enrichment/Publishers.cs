using Aggregator.Web.Model;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>The outlet a report counts as when a story's publishers are counted, with its kind and authority.</summary>
internal sealed record Publisher(string Key, string Name, SourceKind Kind, int Tier, bool Credited);

/// <summary>
/// Who stands behind each report. A news aggregator's item (its link goes through the aggregator, as Google News
/// items do) is credited to the outlet that wrote it, named by the feed's <c>&lt;source&gt;</c> element (kept as the
/// item's author) or by the " - Outlet" suffix of its title; anything else counts as its source's owner, so every
/// feed of one owner (all subreddits of Reddit, both Hacker News feeds) counts once.
/// </summary>
internal static class Publishers
{
    private static readonly string[] AggregatorHosts = ["news.google.com"];

    // Outlets an aggregator credits are established newsrooms it chose to list, but their standing is not known
    // here: they count as a middle-tier report unless a source of the same outlet is among the members.
    private const int CreditedTier = 2;

    public static bool IsAggregated(Article article) =>
        Uri.TryCreate(article.Url, UriKind.Absolute, out var url)
        && AggregatorHosts.Any(h => url.Host.Equals(h, StringComparison.OrdinalIgnoreCase));

    /// <summary>The publisher of each report, credited outlets matched to a member source of the same outlet when there is one.</summary>
    public static Dictionary<long, Publisher> Of(IReadOnlyList<Article> members)
    {
        var direct = members.Where(a => a.Source is not null && !IsAggregated(a)).Select(a => a.Source!).DistinctBy(s => s.Id).ToList();
        var result = new Dictionary<long, Publisher>();
        foreach (var article in members)
        {
            result[article.Id] = Of(article, direct);
        }

        return result;
    }

    public static Publisher Of(Article article, IReadOnlyList<Source> knownSources)
    {
        var source = article.Source;
        if (IsAggregated(article) && Credit(article) is { } outlet)
        {
            var folded = Fold(outlet);
            var same = folded.Length < 3 ? null : knownSources.FirstOrDefault(s => Fold(s.OwnerKey).StartsWith(folded, StringComparison.Ordinal) || Fold(s.Name).StartsWith(folded, StringComparison.Ordinal));
            return same is not null
                ? new Publisher(Fold(same.OwnerKey), same.OwnerKey, same.Kind, same.Tier, true)
                : new Publisher(folded, outlet, SourceKind.Reporting, CreditedTier, true);
        }

        var owner = source?.OwnerKey ?? "unknown";
        return new Publisher(Fold(owner), owner, source?.Kind ?? SourceKind.Reporting, source?.Tier ?? 2, false);
    }

    /// <summary>The outlet an aggregated item names: its feed's source element, else its title's " - Outlet" suffix.</summary>
    public static string? Credit(Article article)
    {
        if (!string.IsNullOrWhiteSpace(article.Author) && article.Author.Length <= 60)
        {
            return article.Author.Trim();
        }

        var title = article.Title;
        var at = title.LastIndexOf(" - ", StringComparison.Ordinal);
        if (at < 10)
        {
            return null;
        }

        var credit = title[(at + 3)..].Trim();
        return credit.Length is > 0 and <= 60 && credit.Count(c => c == ' ') <= 5 ? credit : null;
    }

    // "The New York Times", "New York Times - Technology" and "nytimes" style spellings fold to comparable keys.
    private static string Fold(string name)
    {
        var trimmed = name.Trim();
        trimmed = trimmed.StartsWith("The ", StringComparison.OrdinalIgnoreCase) ? trimmed[4..] : trimmed;
        return new string([.. trimmed.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
    }
}
