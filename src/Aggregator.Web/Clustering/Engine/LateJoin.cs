namespace Aggregator.Web.Clustering.Engine;

// An event has a time window and a core: a report still says what the story's agreeing reports say (see StoryCore),
// days later too, while a theme (a trade show, a week of chatter about one product) gathers items that share only its
// field's words. An article joins a topic only when it matches the topic's core closely enough, and the further it is
// from the topic's first report, the closer it must match. It must also match one of the core's reports on its own.
internal static class LateJoin
{
    // Terms an article of the stream carries on average for the core test to apply. Two headlines of one story often
    // share a single word, so on a stream of headlines alone any cosine bar cuts stories apart; there the mixture rule,
    // made for short texts, decides alone, and only the late-join bar (against the whole centroid) applies.
    private const double CoreTestTerms = 20;

    // The similarity needed after the given gap.
    public static double Needed(StoryClustererOptions options, long gapTicks) =>
        gapTicks <= 0 ? 0 : options.LateJoinPerDay * gapTicks / TimeSpan.TicksPerDay;

    // Whether articles are weighed against topics' cores: the test is on and the stream carries text.
    public static bool ByCore(StoryClustererOptions options, Vocabulary vocabulary) =>
        options.CoreFloor > 0 && vocabulary.Articles > 0 && vocabulary.Total >= CoreTestTerms * vocabulary.Articles;

    // The rarity (IDF) a headline name needs to tell one event from another: a show's or a maker's name is in too many
    // reports to.
    public static double NameIdf(StoryClustererOptions options) => 1 + Math.Log(1 / options.NameShare);

    // Keeps the candidates the article at this time is close enough to; into is a buffer the caller owns.
    public static List<OpenTopic> Eligible(StoryClustererOptions options, List<OpenTopic> candidates, ArticleVector vector, Vocabulary vocabulary, long? ticks, List<OpenTopic> into)
    {
        into.Clear();
        var byCore = ByCore(options, vocabulary);
        foreach (var topic in candidates)
        {
            var needed = (ticks is { } at ? Needed(options, at - topic.FirstTicks) : 0) + (byCore ? options.CoreFloor : 0);
            if ((needed <= 0 || (byCore ? topic.Core.Cosine(vector) : topic.Cosine(vector, vocabulary)) >= needed)
                && (!byCore || options.ReportAgreement <= 0 || topic.Core.Count == 0 || topic.Core.AgreesWithAReport(vector, options.ReportAgreement)))
            {
                into.Add(topic);
            }
        }

        return into;
    }
}
