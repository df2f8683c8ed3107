namespace Aggregator.Web.Clustering.Engine;

// An event has a time window: a report days after a story began still says what the story's reports say, while a
// theme (a trade show, a week of chatter about one product) gathers items that share only its field's words. The
// further an article is from a topic's first report, the closer it must match the topic to join it.
internal static class LateJoin
{
    // The similarity needed after the given gap.
    public static double Needed(StoryClustererOptions options, long gapTicks) =>
        gapTicks <= 0 ? 0 : options.LateJoinPerDay * gapTicks / TimeSpan.TicksPerDay;

    // Keeps the candidates the article at this time is close enough to; into is a buffer the caller owns.
    public static List<OpenTopic> Eligible(StoryClustererOptions options, List<OpenTopic> candidates, ArticleVector vector, Vocabulary vocabulary, long? ticks, List<OpenTopic> into)
    {
        into.Clear();
        foreach (var topic in candidates)
        {
            var needed = ticks is { } at ? Needed(options, at - topic.FirstTicks) : 0;
            if (needed <= 0 || topic.Cosine(vector, vocabulary) >= needed)
            {
                into.Add(topic);
            }
        }

        return into;
    }
}
