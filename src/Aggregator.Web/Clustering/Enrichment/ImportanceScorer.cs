using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Web.Model;
using Aggregator.Web.Text;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>
/// Importance 1-5 for one article (who published it plus what it says) and for a topic (how many independent
/// owners carry it, which kinds, how fast, how recently, and its strongest report). Topic scores come as factors
/// whose values add up to the raw score, so a page can explain "why 4/5".
/// </summary>
internal static partial class ImportanceScorer
{
    public static int ScoreArticle(Article article, TopicVocabulary vocabulary) => ScoreArticle(article, ContentSignal(article, vocabulary));

    /// <summary>The source's prior plus a content signal already worked out (it depends on the text alone).</summary>
    public static int ScoreArticle(Article article, double contentSignal)
    {
        var source = article.Source;
        var kind = source?.Kind ?? SourceKind.Reporting;
        return Clamp(KindPrior(kind) + TierPrior(source?.Tier ?? 2) + contentSignal);
    }

    /// <summary>What the title and lead add to (or take from) an article's importance, whoever published it.</summary>
    public static double ContentSignal(Article article, TopicVocabulary vocabulary)
    {
        var score = 0.0;
        var title = article.Title;
        var lead = title + " " + Lead(article);

        if (LaunchWords().IsMatch(title))
        {
            score += 0.5;
        }

        if (MoneyWords().IsMatch(lead))
        {
            score += 0.75;
        }

        if (RegulationWords().IsMatch(lead))
        {
            score += 0.5;
        }

        if (NumberWithUnit().IsMatch(lead))
        {
            score += 0.25;
        }

        if (vocabulary.FindTags(title).Any(t => t.Major))
        {
            score += 0.5;
        }

        if (ServicePiece().IsMatch(title))
        {
            score -= 0.75;
        }

        return score;
    }

    /// <summary>
    /// Scores a story from its core (the reports that agree with each other) within all its members. Publishers are
    /// counted as <see cref="Publishers"/> credits them; community posts never add breadth or strength, so chatter
    /// alone cannot make a story important, though a story first posted there still ranks on its reports.
    /// </summary>
    public static TopicScore ScoreTopic(IReadOnlyList<Article> core, IReadOnlyList<Article> members, IReadOnlyDictionary<long, Publisher> credits, DateTimeOffset now, Func<Article, ArticleFacts>? facts = null)
    {
        var factors = new List<ImportanceFactor> { new("base", 1.0, "Every story starts at 1") };
        if (core.Count == 0)
        {
            return new TopicScore(1, factors);
        }

        var publishers = core.GroupBy(a => credits[a.Id].Key, StringComparer.Ordinal)
            .Select(g => (Publisher: credits[g.First().Id], First: g.Min(a => a.PublishedAt)))
            .ToList();
        var reporting = publishers.Where(p => p.Publisher.Kind != SourceKind.Community).ToList();
        var community = publishers.Count - reporting.Count;

        // Breadth: the distinct publishers that carried the story within its busiest two days, weighted by their
        // authority, on a log scale. Counted in a window, not over the topic's life, so a heap that gathers a loosely
        // related report a day gains nothing from it, while a story many outlets broke at once reaches the cap.
        var reports = core.Where(a => !a.IsUndated && credits[a.Id].Kind != SourceKind.Community).Select(a => (credits[a.Id], a.PublishedAt)).ToList();
        var busiest = BusiestWindow(reports, BreadthWindow);
        var weighted = busiest.Sum(p => Authority(p.Tier));
        var breadth = Round(weighted <= 1 ? 0 : Math.Min(MaxBreadth, 0.6 * Math.Log2(weighted)));
        var credited = busiest.Count(p => p.Credited);
        var why = busiest.Count == 0
            ? "no dated publisher outside community sites"
            : $"{busiest.Count} publisher{(busiest.Count == 1 ? "" : "s")} within the story's busiest {BreadthWindow.TotalHours:0} h ({weighted.ToString("0.##", CultureInfo.InvariantCulture)} weighted by tier: 1 = 1, 2 = 0.7, 3 = 0.4; {reporting.Count} in all)";
        if (credited > 0)
        {
            why += $", {credited} of them credited through a news aggregator or a community's link to the first party";
        }

        if (community > 0)
        {
            why += $"; community sites count for nothing here ({community})";
        }

        if (core.Count < members.Count)
        {
            why += $"; counted over the story's core, {core.Count} of its {members.Count} articles";
        }

        factors.Add(new("publishers", breadth, $"{why} ({Signed(breadth)})"));

        var kinds = reporting.GroupBy(p => p.Publisher.Kind).ToDictionary(g => g.Key, g => g.Count());
        var independent = kinds.Where(k => k.Key is SourceKind.Reporting or SourceKind.Analysis or SourceKind.Research).Sum(k => k.Value);
        var mix = string.Join(" + ", publishers.GroupBy(p => p.Publisher.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {KindLabel(g.Key)}"));
        var (firstParty, firstPartyWhy) = kinds.ContainsKey(SourceKind.FirstParty)
            ? independent > 0 ? (0.5, "announced by the first party and confirmed by independent reports") : (0.25, "announced by the first party, no independent report yet")
            : reporting.Count == 0 ? (-0.5, "community posts only") : (0.0, "no first-party announcement");
        factors.Add(new("first-party", firstParty, $"{mix}: {firstPartyWhy} ({Signed(firstParty)})"));

        // Speed: how many outlets had it within a few hours of each other. Real news breaks in a burst.
        var fast = BusiestWindow(reports, SpeedWindow).Count;
        var speed = fast >= 6 ? 0.75 : fast >= 4 ? 0.5 : fast >= 2 ? 0.25 : 0;
        factors.Add(new("speed", speed, $"{fast} publisher{(fast == 1 ? "" : "s")} within {SpeedWindow.TotalHours:0} h of each other ({Signed(speed)})"));

        var latest = Freshness(core);
        var age = now - latest.At;
        var recency = latest.Undated ? 0 : age <= TimeSpan.FromHours(24) ? 0.5 : age <= TimeSpan.FromHours(72) ? 0.25 : 0;
        factors.Add(new("recency", recency, latest.Undated
            ? "no report in the core has a date of its own (+0)"
            : $"newest report in the core {Age(age)} before scoring ({Signed(recency)})"));

        var strongest = core.Where(a => credits[a.Id].Kind != SourceKind.Community).Select(a => a.Importance).DefaultIfEmpty(1).Max();
        var strongestValue = (strongest - 3) * 0.5;
        factors.Add(new("strongest-report", strongestValue, $"strongest report outside community posts rated {strongest}/5 ({Signed(strongestValue)})"));

        // Service pieces (deals, guides, roundups), leaks and first-person reviews are not news however many outlets
        // run them. Reports of one event outnumber them several times over (in the demo week at most a quarter of a
        // story's articles are such pieces); a core where they make a third (two at least) is a theme: a show's gadgets, a phone's
        // rumour mill.
        var roundups = core.Count(a => (facts?.Invoke(a).NotAReport ?? StoryCore.IsNotAReport(a.Title)) || StoryCore.IsOpinion(a));
        var fullReports = core.Count(a => StoryCore.IsFullReport(a, facts?.Invoke(a)));
        var theme = roundups * 2 >= core.Count || roundups >= 2 && roundups * 3 >= core.Count;
        var service = theme || fullReports == 0 ? -1.0 : 0;
        factors.Add(new("kind-of-piece", service, theme
            ? $"{roundups} of the core's {core.Count} reports are roundups, deals, guides, leaks, first-person reviews or opinion columns: a theme, not one story ({Signed(service)})"
            : fullReports == 0
                ? $"no full report in the core, only community posts, roundups, leaks, first-person reviews, opinion columns or title-only items ({Signed(service)})"
                : $"{fullReports} full report{(fullReports == 1 ? "" : "s")} of an event in the core ({Signed(service)})"));

        return new TopicScore(Clamp(factors.Sum(f => f.Value)), factors);
    }

    /// <summary>
    /// When a story last moved: its core's newest dated report. Only when no report in the core has a date of its own
    /// is the newest first-seen time used, and the story is flagged undated.
    /// </summary>
    public static (DateTimeOffset At, bool Undated) Freshness(IReadOnlyList<Article> core)
    {
        var dated = core.Where(a => !a.IsUndated).ToList();
        return dated.Count > 0 ? (dated.Max(a => a.PublishedAt), false) : (core.Max(a => a.PublishedAt), true);
    }

    private const double MaxBreadth = 2.0;

    private static readonly TimeSpan SpeedWindow = TimeSpan.FromHours(6);

    private static readonly TimeSpan BreadthWindow = TimeSpan.FromHours(48);

    /// <summary>The distinct publishers of the window of the given length that holds the most of them.</summary>
    private static List<Publisher> BusiestWindow(List<(Publisher Publisher, DateTimeOffset At)> reports, TimeSpan window)
    {
        var firsts = reports.GroupBy(r => r.Publisher.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.At).ToList())
            .ToList();
        var best = new List<Publisher>();
        foreach (var start in reports.Select(r => r.At).Distinct())
        {
            var inside = firsts.Where(g => g.Any(r => r.At >= start && r.At < start + window)).Select(g => g[0].Publisher).ToList();
            if (inside.Count > best.Count)
            {
                best = inside;
            }
        }

        return best;
    }

    private static double Authority(int tier) => tier <= 1 ? 1.0 : tier == 2 ? 0.7 : 0.4;

    public static int Clamp(double raw) => (int)Math.Clamp(Math.Round(raw, MidpointRounding.AwayFromZero), 1, 5);

    public static string KindLabel(SourceKind kind) => kind switch
    {
        SourceKind.FirstParty => "first-party",
        SourceKind.Reporting => "reporting",
        SourceKind.Analysis => "analysis",
        SourceKind.Opinion => "opinion",
        SourceKind.Community => "community",
        SourceKind.Research => "research",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static double KindPrior(SourceKind kind) => kind switch
    {
        SourceKind.FirstParty => 2.5,
        SourceKind.Reporting => 2.0,
        SourceKind.Research => 2.0,
        SourceKind.Analysis => 1.5,
        SourceKind.Opinion => 1.0,
        _ => 0.75,
    };

    private static double TierPrior(int tier) => tier <= 1 ? 0.75 : tier == 2 ? 0.25 : 0;

    private static string Lead(Article article)
    {
        var text = article.Text ?? PlainText.FromHtml(article.SummaryHtml);
        return text.Length > 600 ? text[..600] : text;
    }

    private static double Round(double value) => Math.Round(value * 20, MidpointRounding.AwayFromZero) / 20;

    private static string Signed(double value) => value switch
    {
        > 0 => "+" + value.ToString("0.##", CultureInfo.InvariantCulture),
        < 0 => "−" + (-value).ToString("0.##", CultureInfo.InvariantCulture),
        _ => "+0",
    };

    private static string Age(TimeSpan age) =>
        age < TimeSpan.Zero ? "just" :
        age.TotalHours < 1 ? $"{Math.Max(1, (int)age.TotalMinutes)} min" :
        age.TotalHours < 48 ? $"{(int)age.TotalHours} h" :
        $"{(int)age.TotalDays} days";

    [GeneratedRegex(@"\b(launch(es|ed|ing)?|unveil(s|ed|ing)?|introduc(es|ed|ing)|releas(es|ed)|announc(es|ed)|debut(s|ed)?|rolls? out|now available|open-sources?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LaunchWords();

    [GeneratedRegex(@"\b(acquir(e|es|ed|ing)|acquisition|merger|buys|raises|raised|funding|valuation|IPO|invest(s|ed|ment)|layoffs?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MoneyWords();

    [GeneratedRegex(@"\b(regulat\w*|lawsuits?|sues|sued|court|bans?|banned|investigat\w*|prosecutors?|fined|antitrust|legislation|watchdog|probe|deepfakes?|CSAM|breach|outage|vulnerabilit\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegulationWords();

    [GeneratedRegex(@"[$€£]\s?\d[\d,.]*\s?(?:[kKmMbBtT]n?\b|thousand|million|billion|trillion)?|\b\d[\d,.]*\s?(?:%|percent|thousand|million|billion|trillion|x\b|GB\b|TB\b|GW\b|MW\b|FPS\b|Hz\b|parameters|users|tokens)", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"^(how to|the best|best\b)|\b(deals?|\d+% off|on sale|giveaway|coupon|hands-on|review)\b|\?$", RegexOptions.IgnoreCase)]
    private static partial Regex ServicePiece();
}

internal sealed record TopicScore(int Importance, List<ImportanceFactor> Factors);
