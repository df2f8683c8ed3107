using System.Text.RegularExpressions;
using Aggregator.Web.Model;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>
/// A story's core (the reports whose headlines agree with each other) and the report that leads it.
/// </summary>
internal static partial class StoryCore
{
    private static readonly TimeSpan DevelopmentWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// The members whose headlines are most central to the topic. Two headlines agree by the number of words they
    /// share, squared, so reports of one event (which share several words) count far more than a topic's periphery
    /// sharing one broad word ("ChatGPT") with everyone. A headline's centrality is its agreement with all the others,
    /// and those within a third of the best stay (all members of a small topic do): in a clean story that is most of
    /// them, in a topic that drew in its theme only the story's core. Headlines are read without the outlet credit
    /// an aggregator appends, which would otherwise make every item of that aggregator agree. The first party's own
    /// announcement of the story joins it too.
    /// </summary>
    public static List<Article> Of(IReadOnlyList<Article> members)
    {
        if (members.Count < 4)
        {
            return [.. members];
        }

        var centrality = Centrality(members);
        var best = centrality.Max();
        if (best <= 0)
        {
            return [.. members];
        }

        // A first party's announcement has a headline of its own ("Introducing Rho 2") that shares little with the
        // reports about it: it belongs to the core when it names what most of the core's headlines name.
        var core = members.Where((_, i) => centrality[i] >= best / 3).ToList();
        var coreWords = core.Select(Words).ToList();
        return [.. members.Where((a, i) => centrality[i] >= best / 3
            || a.Source?.Kind == SourceKind.FirstParty && Words(a) is var own && coreWords.Count(w => w.Overlaps(own)) * 2 > core.Count)];
    }

    private static HashSet<string> Words(Article article) =>
        Prose.ContentWords(TopicUpdater.CleanHeadline(article.Title, article.Source?.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Per report, how much its headline agrees with the others': shared words, squared, summed.</summary>
    private static double[] Centrality(IReadOnlyList<Article> members)
    {
        var words = members.Select(a => Words(a).ToList()).ToList();
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var word in words[i])
            {
                if (!postings.TryGetValue(word, out var list))
                {
                    postings[word] = list = [];
                }

                list.Add(i);
            }
        }

        var shared = new int[members.Count];
        var touched = new List<int>();
        var centrality = new double[members.Count];
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var word in words[i])
            {
                foreach (var j in postings[word])
                {
                    if (j != i && shared[j]++ == 0)
                    {
                        touched.Add(j);
                    }
                }
            }

            foreach (var j in touched)
            {
                centrality[i] += shared[j] * shared[j];
                shared[j] = 0;
            }

            touched.Clear();
        }

        return centrality;
    }

    /// <summary>
    /// The best full report of the story's latest major development: among the core's full reports from reporting,
    /// analysis, research or first-party sources (never a community post, a roundup or service piece, or an
    /// aggregator's title-only stub), those of the latest day that drew at least half as many publishers as the
    /// story's busiest day; of them the first-party or tier-1 report the other reports agree with most, else the
    /// report they agree with most (then the most important, then the earliest).
    /// Only when the core has no such report does the choice fall back to any of its reports.
    /// </summary>
    public static Article ChooseLead(IReadOnlyList<Article> core)
    {
        var agreement = core.Zip(Centrality(core)).ToDictionary(x => x.First.Id, x => x.Second);
        var full = core.Where(IsFullReport).ToList();
        var pool = full.Count > 0 ? LatestDevelopment(full) : [.. core];
        var authoritative = pool
            .Where(a => a.Source is { } s && (s.Kind == SourceKind.FirstParty || s.Tier <= 1 && s.Kind is not (SourceKind.Community or SourceKind.Opinion)))
            .ToList();
        return (authoritative.Count > 0 ? authoritative : pool)
            .OrderByDescending(a => agreement[a.Id]).ThenByDescending(a => a.Importance).ThenBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .First();
    }

    /// <summary>A report that can lead: a full article from a source that reports or announces, not chatter, a stub or a roundup.</summary>
    public static bool IsFullReport(Article article)
    {
        if (article.Source is { Kind: SourceKind.Community or SourceKind.Opinion } || Publishers.IsAggregated(article) || IsRoundup(article.Title))
        {
            return false;
        }

        var text = TopicUpdater.ArticleText(article);
        var title = Prose.ContentWords(article.Title).ToHashSet(StringComparer.Ordinal);
        var body = Prose.ContentWords(text).ToHashSet(StringComparer.Ordinal);
        return body.Count > 0 && !body.IsSubsetOf(title);
    }

    /// <summary>A roundup, listicle, guide or deal: a piece about many things or about buying, not a report of one event.</summary>
    public static bool IsRoundup(string title) => Roundup().IsMatch(title);

    // Days counted from the first dated report; a day is major when it has at least half the publishers of the
    // busiest one (and two, when the story ever had two).
    private static List<Article> LatestDevelopment(List<Article> reports)
    {
        var dated = reports.Where(a => !a.IsUndated).ToList();
        if (dated.Count == 0)
        {
            return reports;
        }

        var start = dated.Min(a => a.PublishedAt);
        var days = dated.GroupBy(a => (int)((a.PublishedAt - start) / DevelopmentWindow))
            .Select(g => (Day: g.Key, Reports: g.ToList(), Publishers: g.Select(a => a.Source?.OwnerKey ?? "").Distinct(StringComparer.OrdinalIgnoreCase).Count()))
            .OrderBy(d => d.Day)
            .ToList();
        var peak = days.Max(d => d.Publishers);
        var needed = Math.Max(Math.Min(2, peak), (peak + 1) / 2);
        return days.Last(d => d.Publishers >= needed).Reports;
    }

    [GeneratedRegex(@"^(how to|the best|best\b|the \d+ best|\d+ (best|things|ways|reasons|tips)\b|everything (announced|we saw|you need)|the (coolest|weirdest)|these .{0,60}\b(impressed|stood out|caught my eye)|review:)|\b(deals?|\d+% off|on sale|lowest price|all-time low|price cut|\$\d+ off|giveaway|coupon|roundup|round-up|recap|gift guide|buying guide|live blog|as it happened|this week in|newsletter|here('s| are) (the|my|our))\b|\b(we|I)('ve)? (saw|found|tried|tested|liked|loved)\b|\breview\s[–—-]\s", RegexOptions.IgnoreCase)]
    private static partial Regex Roundup();
}
