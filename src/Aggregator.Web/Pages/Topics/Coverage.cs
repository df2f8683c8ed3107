using Aggregator.Web.Clustering.Enrichment;
using Aggregator.Web.Model;
using Aggregator.Web.Text;

namespace Aggregator.Web.Pages.Topics;

/// <summary>
/// A topic's articles as a reader takes them in: reports grouped by the publisher that wrote them (a Google News item
/// credited to its outlet), newest first, one headline that several outlets carried shown once under whoever carried
/// it first with the others named; community threads apart, with what their feeds say of points and comments.
/// </summary>
public static class Coverage
{
    // Excerpts cost a scan of the article's HTML each: the first few entries of a publisher get one, the rest a line.
    private const int ExcerptsPerPublisher = 2;
    private const int MaxExcerpts = 40;

    public sealed record Article(
        long Id, string Title, string Url, DateTimeOffset PublishedAt, int Importance, string? SummaryHtml, string? Text,
        string SourceName, string SourceSlug, SourceKind SourceKind, int SourceTier);

    public sealed record Carrier(string Publisher, string Url);

    public sealed record Entry(Article Article, string Headline, string? Excerpt, IReadOnlyList<Carrier> AlsoCarriedBy);

    public sealed record Publisher(
        string Name, string SourceSlug, SourceKind Kind, int Tier, DateTimeOffset LatestAt, int Importance, IReadOnlyList<Entry> Entries);

    public sealed record Thread(Article Article, string Headline, FeedTemplates.Counts Counts);

    public sealed record Discussion(IReadOnlyList<Thread> Threads, int Points, int Comments)
    {
        public static Discussion None { get; } = new([], 0, 0);
    }

    public static Discussion DiscussionOf(IEnumerable<Article> articles)
    {
        var threads = articles.Where(a => a.SourceKind == SourceKind.Community)
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Select(a => new Thread(a, a.Title, FeedTemplates.CountsOf(a.Text)))
            .ToList();
        return new Discussion(threads, threads.Sum(t => t.Counts.Points ?? 0), threads.Sum(t => t.Counts.Comments ?? 0));
    }

    public static IReadOnlyList<Publisher> ReportsOf(IReadOnlyList<Article> articles)
    {
        // An aggregator's item goes under the outlet it credits, with that outlet's own feed when the topic has one.
        var direct = articles.Where(a => a.SourceKind != SourceKind.Community && FeedTemplates.CreditedOutlet(a.Title, a.Url) is null)
            .Select(a => a.SourceName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var reports = articles.Where(a => a.SourceKind != SourceKind.Community)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Select(a =>
            {
                var outlet = FeedTemplates.CreditedOutlet(a.Title, a.Url);
                var publisher = outlet is null ? a.SourceName : direct.FirstOrDefault(d => Publishers.SameOutlet(Publishers.Fold(outlet), d)) ?? outlet;
                return (Article: a, Headline: outlet is null ? a.Title : FeedTemplates.SplitCredit(a.Title).Headline, Publisher: publisher, Credited: outlet is not null);
            })
            .ToList();

        // Reposts: the same headline, word for word or nearly, from more than one publisher. Oldest first, so the
        // first carrier keeps the entry.
        var firstOf = new Dictionary<int, int>();
        var carriers = new Dictionary<int, List<Carrier>>();
        var keys = reports.Select(r => Words(r.Headline)).ToList();
        for (var i = 0; i < reports.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (firstOf.ContainsKey(j) || !SameHeadline(keys[i], keys[j]))
                {
                    continue;
                }

                if (!string.Equals(reports[i].Publisher, reports[j].Publisher, StringComparison.OrdinalIgnoreCase))
                {
                    firstOf[i] = j;
                    if (!carriers.TryGetValue(j, out var list))
                    {
                        carriers[j] = list = [];
                    }

                    if (!list.Any(c => string.Equals(c.Publisher, reports[i].Publisher, StringComparison.OrdinalIgnoreCase)))
                    {
                        list.Add(new Carrier(reports[i].Publisher, reports[i].Article.Url));
                    }
                }

                break;
            }
        }

        var excerpts = 0;
        return reports.Select((r, i) => (r, i)).Where(x => !firstOf.ContainsKey(x.i))
            .GroupBy(x => x.r.Publisher, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var newestFirst = g.OrderByDescending(x => x.r.Article.PublishedAt).ThenByDescending(x => x.r.Article.Id).ToList();
                var entries = newestFirst.Select((x, n) => new Entry(x.r.Article, x.r.Headline,
                    n < ExcerptsPerPublisher && excerpts++ < MaxExcerpts ? FeedTemplates.Excerpt(x.r.Article.Title, x.r.Article.SummaryHtml, x.r.Article.Text) : null,
                    carriers.TryGetValue(x.i, out var also) ? also : [])).ToList();
                // Kind and tier are the outlet's own feed's; an outlet known only through an aggregator is no more
                // than a middle-tier report, never the aggregator's own tier.
                var head = newestFirst[0].r.Article;
                var own = newestFirst.Where(x => !x.r.Credited).Select(x => x.r.Article).FirstOrDefault();
                return new Publisher(g.First().r.Publisher, (own ?? head).SourceSlug, own?.SourceKind ?? SourceKind.Reporting, own?.SourceTier ?? Publishers.CreditedTier,
                    head.PublishedAt, g.Max(x => x.r.Article.Importance), entries);
            })
            .OrderByDescending(p => p.LatestAt).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static HashSet<string> Words(string headline)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= headline.Length; i++)
        {
            var letter = i < headline.Length && char.IsLetterOrDigit(headline[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(headline[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    // Near-same: at least four words and nine in ten of them shared (a changed quote mark or a dropped article).
    private static bool SameHeadline(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count < 4 || b.Count < 4)
        {
            return a.SetEquals(b) && a.Count > 0;
        }

        var shared = a.Count(b.Contains);
        return shared >= 0.9 * Math.Max(a.Count, b.Count);
    }
}
