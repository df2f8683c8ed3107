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

    public static TopicScore ScoreTopic(IReadOnlyList<Article> members, DateTimeOffset now)
    {
        var factors = new List<ImportanceFactor> { new("base", 1.0, "Every story starts at 1") };
        if (members.Count == 0)
        {
            return new TopicScore(1, factors);
        }

        var owners = members.Where(a => a.Source is not null).GroupBy(a => a.Source!.OwnerKey, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Owner: g.Key, Kind: g.Select(a => a.Source!.Kind).Min(), First: g.Min(a => a.PublishedAt)))
            .ToList();
        var ownerCount = Math.Max(1, owners.Count);

        var sources = Round(Math.Min(2.0, 0.6 * Math.Log2(ownerCount)));
        factors.Add(new("sources", sources, ownerCount == 1
            ? "1 source so far (+0)"
            : $"{ownerCount} independent sources ({Signed(sources)})"));

        var kinds = owners.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Count());
        var mix = string.Join(" + ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Value} {KindLabel(k.Key)}"));
        var independent = kinds.Where(k => k.Key is SourceKind.Reporting or SourceKind.Analysis or SourceKind.Research).Sum(k => k.Value);
        double mixValue;
        string mixWhy;
        if (kinds.ContainsKey(SourceKind.FirstParty) && independent > 0)
        {
            mixValue = 0.5;
            mixWhy = $"{mix}: first-party news confirmed by independent coverage";
        }
        else if (independent >= 2)
        {
            mixValue = 0.25;
            mixWhy = $"{mix}: independent coverage";
        }
        else if (kinds.Count == 1 && kinds.ContainsKey(SourceKind.Community))
        {
            mixValue = -0.5;
            mixWhy = $"{mix}: community posts only";
        }
        else if (kinds.Count == 1 && kinds.ContainsKey(SourceKind.FirstParty))
        {
            mixValue = 0;
            mixWhy = $"{mix}: first-party only, no independent reporting yet";
        }
        else
        {
            mixValue = 0;
            mixWhy = mix;
        }

        factors.Add(new("source-mix", mixValue, $"{mixWhy} ({Signed(mixValue)})"));

        var earliest = members.Min(a => a.PublishedAt);
        var fast = owners.Count(o => o.First <= earliest.AddHours(24));
        // Counted apart from the sources factor only as a burst bonus, so breadth is not scored twice.
        var velocity = fast >= 10 ? 0.5 : fast >= 5 ? 0.25 : 0;
        factors.Add(new("velocity", velocity, $"{fast} source{(fast == 1 ? "" : "s")} within 24 h of the first report ({Signed(velocity)})"));

        var latest = members.Max(a => a.PublishedAt);
        var age = now - latest;
        var recency = age <= TimeSpan.FromHours(24) ? 0.5 : age <= TimeSpan.FromHours(72) ? 0.25 : 0;
        factors.Add(new("recency", recency, $"latest report {Age(age)} before scoring ({Signed(recency)})"));

        var strongest = members.Max(a => a.Importance);
        var strongestValue = (strongest - 3) * 0.5;
        factors.Add(new("strongest-report", strongestValue, $"strongest single report rated {strongest}/5 ({Signed(strongestValue)})"));

        return new TopicScore(Clamp(factors.Sum(f => f.Value)), factors);
    }

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
