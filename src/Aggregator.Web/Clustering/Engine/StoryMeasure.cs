namespace Aggregator.Web.Clustering.Engine;

/// <summary>How well topics hold the labelled stories, counting every member of a topic, labelled or not.</summary>
/// <param name="StrictF1">
/// For each story, the best F1 of any topic, where precision is the story's share of the whole topic; averaged over stories.
/// </param>
/// <param name="MedianShare">For each story, its share of the topic that holds most of it; the median over stories.</param>
/// <param name="Stories">Labelled stories.</param>
/// <param name="Labelled">Labelled articles.</param>
/// <param name="Items">All articles scored, labelled or not.</param>
public sealed record StoryScores(double StrictF1, double MedianShare, int Stories, int Labelled, int Items);

/// <summary>
/// The strict story measure. A gold file labels only some articles with their story; B-cubed over the labelled ones
/// cannot see a topic that also swallowed a week of unlabelled articles, which is what a reader sees. Here a topic's
/// unlabelled members count against it.
/// </summary>
public static class StoryMeasure
{
    public static StoryScores Score(IReadOnlyList<(string? Story, string Topic)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var topicSizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var stories = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var labelled = 0;
        foreach (var (story, topic) in items)
        {
            topicSizes[topic] = topicSizes.GetValueOrDefault(topic) + 1;
            if (string.IsNullOrEmpty(story))
            {
                continue;
            }

            labelled++;
            if (!stories.TryGetValue(story, out var byTopic))
            {
                byTopic = new Dictionary<string, int>(StringComparer.Ordinal);
                stories.Add(story, byTopic);
            }

            byTopic[topic] = byTopic.GetValueOrDefault(topic) + 1;
        }

        if (stories.Count == 0)
        {
            return new StoryScores(0, 0, 0, 0, items.Count);
        }

        var f1Sum = 0.0;
        var shares = new List<double>(stories.Count);
        foreach (var byTopic in stories.Values)
        {
            var storySize = byTopic.Values.Sum();
            var bestF1 = 0.0;
            var (most, mostTopic) = (0, "");
            foreach (var (topic, shared) in byTopic)
            {
                var precision = (double)shared / topicSizes[topic];
                var recall = (double)shared / storySize;
                bestF1 = Math.Max(bestF1, 2 * precision * recall / (precision + recall));

                // Ties go to the smaller topic, so the share does not depend on dictionary order.
                if (shared > most || (shared == most && topicSizes[topic] < topicSizes[mostTopic]))
                {
                    (most, mostTopic) = (shared, topic);
                }
            }

            f1Sum += bestF1;
            shares.Add((double)most / topicSizes[mostTopic]);
        }

        shares.Sort();
        var middle = shares.Count / 2;
        var median = shares.Count % 2 == 1 ? shares[middle] : (shares[middle - 1] + shares[middle]) / 2;
        return new StoryScores(f1Sum / stories.Count, median, stories.Count, labelled, items.Count);
    }
}
