using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Tests.Clustering.Engine;

// Running the engine in tests: whole streams in settled batches, and single articles read into vectors.
internal static class EngineRuns
{
    // Each article's topic once its batch settled, merges followed to the topic that took it in.
    public static Dictionary<string, string> SettledTopics(StoryClustererOptions options, ClusterInput[][] batches)
    {
        var engine = new StoryClusterer(options);
        var topics = new Dictionary<string, string>();
        var merges = new Dictionary<string, string>();
        foreach (var batch in batches)
        {
            foreach (var article in batch)
            {
                engine.Add(article);
            }

            foreach (var settled in engine.Settle())
            {
                topics[settled.ArticleId] = settled.TopicId;
            }

            foreach (var merge in engine.TakeMerges())
            {
                merges[merge.FromTopicId] = merge.IntoTopicId;
            }
        }

        return topics.ToDictionary(p => p.Key, p =>
        {
            var id = p.Value;
            while (merges.TryGetValue(id, out var into))
            {
                id = into;
            }

            return id;
        });
    }

    // The article read and weighed as the engine would, its terms counted into the vocabulary first.
    public static ArticleVector Vector(Vocabulary vocabulary, ClusterInput article)
    {
        var reader = new ArticleReader();
        var length = reader.ReadInto(article);
        var vector = new ArticleVector();
        vector.Read(reader.Hashes(length), reader.Weights(length), reader.TitleCounts(length));
        vector.Headline = reader.Headline;
        vocabulary.Observe(vector.Terms.AsSpan(0, vector.Length));
        vector.Damp();
        vector.Weigh(vocabulary);
        return vector;
    }

    // Unrelated articles of made-up words (six of headline, twenty-four of body), a minute apart until the given time,
    // from fifty sources: a stream that carries text, so cores decide joins.
    public static ClusterInput[] Noise(int count, DateTimeOffset until, uint seed)
    {
        var words = Words(seed);
        return Enumerable.Range(0, count)
            .Select(i => new ClusterInput("f" + i, words(6), words(24), null, "source-f" + (i % 50), until.AddMinutes(i - count)))
            .ToArray();
    }

    // Made-up words drawn from a seeded generator, so a stream of them is the same on every run.
    public static Func<int, string> Words(uint seed)
    {
        var state = seed;
        return n => string.Join(' ', Enumerable.Range(0, n).Select(_ =>
        {
            state = (state * 1_103_515_245u) + 12_345u;
            return ClusteringTestData.Word((int)((state >> 8) % 980));
        }));
    }
}
