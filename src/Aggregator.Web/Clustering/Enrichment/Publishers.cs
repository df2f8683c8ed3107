using Aggregator.Web.Model;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>The outlet a report counts as when a story's publishers are counted, with its kind and authority.</summary>
internal sealed record Publisher(string Key, string Name, SourceKind Kind, int Tier, bool Credited);

/// <summary>
/// Who stands behind each report. A news aggregator's item (its link goes through the aggregator, as Google News
/// items do) is credited to the outlet that wrote it, named by the feed's <c>&lt;source&gt;</c> element (kept as the
/// item's author) or by the " - Outlet" suffix of its title. A community post that links to a first party's own site
/// (a Hacker News item pointing at the company's announcement) is that first party's announcement, relayed: it is
/// credited to the first party, so the announcement counts even when only a community carried it. Anything else counts
/// as its source's owner, so every feed of one owner (all subreddits of Reddit, both Hacker News feeds) counts once.
/// </summary>
internal static class Publishers
{
    private static readonly string[] AggregatorHosts = ["news.google.com"];

    // Outlets an aggregator credits are established newsrooms it chose to list, but their standing is not known
    // here: they count as a middle-tier report unless a source of the same outlet is among the members.
    internal const int CreditedTier = 2;

    public static bool IsAggregated(Article article) =>
        Uri.TryCreate(article.Url, UriKind.Absolute, out var url)
        && AggregatorHosts.Any(h => url.Host.Equals(h, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The publisher of each report, credited outlets matched to a member source of the same outlet when there is one,
    /// community relays of a first party's page to that first party (<paramref name="firstParties"/>: the site's
    /// first-party sources).
    /// </summary>
    public static Dictionary<long, Publisher> Of(IReadOnlyList<Article> members, IReadOnlyList<Source>? firstParties = null)
    {
        var direct = members.Where(a => a.Source is not null && !IsAggregated(a)).Select(a => a.Source!).DistinctBy(s => s.Id).ToList();
        var result = new Dictionary<long, Publisher>();
        foreach (var article in members)
        {
            result[article.Id] = Of(article, direct, firstParties ?? []);
        }

        return result;
    }

    public static Publisher Of(Article article, IReadOnlyList<Source> knownSources, IReadOnlyList<Source> firstParties)
    {
        var source = article.Source;
        if (source?.Kind == SourceKind.Community && RelayedFirstParty(article, firstParties) is { } announcer)
        {
            return new Publisher(Fold(announcer.OwnerKey), announcer.OwnerKey, SourceKind.FirstParty, announcer.Tier, true);
        }

        if (IsAggregated(article) && Credit(article) is { } outlet)
        {
            var folded = Fold(outlet);
            var same = knownSources.FirstOrDefault(s => SameOutlet(folded, s.OwnerKey) || SameOutlet(folded, s.Name));
            return same is not null
                ? new Publisher(Fold(same.OwnerKey), same.OwnerKey, same.Kind, same.Tier, true)
                : new Publisher(folded, outlet, SourceKind.Reporting, CreditedTier, true);
        }

        var owner = source?.OwnerKey ?? "unknown";
        return new Publisher(Fold(owner), owner, source?.Kind ?? SourceKind.Reporting, source?.Tier ?? 2, false);
    }

    // The first party whose site the link is on, by host (a leading "www." aside): a link to openai.com is OpenAI's
    // page, a link to a subdomain of it is not assumed to be.
    private static Source? RelayedFirstParty(Article article, IReadOnlyList<Source> firstParties)
    {
        if (firstParties.Count == 0 || !Uri.TryCreate(article.Url, UriKind.Absolute, out var link))
        {
            return null;
        }

        var host = Host(link);
        return firstParties.FirstOrDefault(s => s.Kind == SourceKind.FirstParty && Uri.TryCreate(s.SiteUrl, UriKind.Absolute, out var site) && Host(site) == host);

        static string Host(Uri uri) => uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..].ToLowerInvariant() : uri.Host.ToLowerInvariant();
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

    /// <summary>Whether a source's name or owner is the outlet an aggregator credits ("The Guardian" is "The Guardian (all)").</summary>
    internal static bool SameOutlet(string foldedCredit, string name) =>
        foldedCredit.Length >= 3 && Fold(name).StartsWith(foldedCredit, StringComparison.Ordinal);

    // "The New York Times", "New York Times - Technology" and "nytimes" style spellings fold to comparable keys.
    internal static string Fold(string name)
    {
        var trimmed = name.Trim();
        trimmed = trimmed.StartsWith("The ", StringComparison.OrdinalIgnoreCase) ? trimmed[4..] : trimmed;
        return new string([.. trimmed.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
    }
}
