using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

public class StoryClustererTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Health =
    [
        "OpenAI launches ChatGPT Health to answer medical questions",
        "ChatGPT Health: OpenAI's new medical assistant connects to health records",
        "OpenAI unveils ChatGPT Health, a medical records assistant",
        "With ChatGPT Health, OpenAI moves into medical advice",
    ];

    private static readonly string[] Keynote =
    [
        "Nvidia CES keynote: Jensen Huang unveils Rubin chips",
        "Jensen Huang's CES keynote puts Nvidia Rubin chips centre stage",
        "Nvidia at CES: Huang shows Rubin platform in keynote",
    ];

    // Two halves of one story that start apart (no shared words), then articles that bridge them.
    private static readonly string[] SplitStory =
    [
        "Grok image scandal grows", "Grok image scandal grows again",
        "xAI chatbot deepfakes draw regulators", "xAI chatbot deepfakes draw regulators again",
        "Grok image scandal: xAI chatbot deepfakes draw regulators",
        "Grok image scandal: xAI chatbot deepfakes draw regulators in Europe",
        "Grok image scandal: xAI chatbot deepfakes draw regulators in Britain",
    ];

    private static readonly string[] Gadgets =
    [
        "Samsung shows a rollable television with a transparent screen",
        "This robot vacuum climbs stairs on tank treads",
        "Garmin adds solar charging to its cheapest running watch",
    ];

    [Fact]
    public void MergesRewordedHeadlinesIntoOneTopic()
    {
        var engine = NewEngine();

        var topics = Feed(engine, Health).Select(a => a.TopicId).Distinct().ToList();

        Assert.Single(topics);
    }

    [Fact]
    public void KeepsUnrelatedStoriesApart()
    {
        var engine = NewEngine();

        var health = Feed(engine, Health, "h").Select(a => a.TopicId).Distinct().ToList();
        var keynote = Feed(engine, Keynote, "k").Select(a => a.TopicId).Distinct().ToList();
        var gadgets = Feed(engine, Gadgets, "g").Select(a => a.TopicId).ToList();

        Assert.Single(health);
        Assert.Single(keynote);
        Assert.NotEqual(health[0], keynote[0]);
        Assert.Equal(3, gadgets.Distinct().Count());
        Assert.DoesNotContain(health[0], gadgets);
        Assert.DoesNotContain(keynote[0], gadgets);
    }

    [Fact]
    public void StableIdsAcrossRuns()
    {
        string[] all = [.. Health, .. Keynote, .. Gadgets];

        var first = Feed(NewEngine(), all).Select(a => a.TopicId).ToList();
        var second = Feed(NewEngine(), all).Select(a => a.TopicId).ToList();

        Assert.Equal(first, second);
        Assert.All(first, id => Assert.Matches("^[0-9a-f]{10}$", id));
    }

    [Fact]
    public void WorksWithoutTimestamps()
    {
        var engine = NewEngine();

        var ids = Health.Select((t, i) => engine.Add(new ClusterInput("n" + i, t, null, null, null, null)).TopicId).Distinct();

        Assert.Single(ids);
    }

    [Fact]
    public void ClosesInactiveTopics()
    {
        var engine = NewEngine(new StoryClustererOptions { CloseAfter = TimeSpan.FromHours(48) });
        var first = engine.Add(Article("a", Health[0], Start));

        engine.Add(Article("b", Gadgets[0], Start.AddHours(47)));
        Assert.Empty(engine.TakeClosed());

        var late = engine.Add(Article("c", Health[1], Start.AddHours(50)));

        Assert.Contains(first.TopicId, engine.TakeClosed());
        Assert.True(late.IsNewTopic);
        Assert.NotEqual(first.TopicId, late.TopicId);
    }

    [Fact]
    public void ClosesTopicsByArticleCountWhenThereAreNoTimes()
    {
        var engine = NewEngine(new StoryClustererOptions { CloseAfterArticles = 100 });
        var first = engine.Add(new ClusterInput("first", Health[0], null, null, null, null));

        for (var i = 0; i < 101; i++)
        {
            engine.Add(new ClusterInput("filler" + i, $"Unrelated item number {i} about gardening tulips", null, null, null, null));
        }

        Assert.Contains(first.TopicId, engine.TakeClosed());
    }

    [Fact]
    public void RestoreReproducesState()
    {
        string[] history = [.. Health[..3], .. Keynote[..2], .. Gadgets];
        var original = NewEngine();
        var assigned = Feed(original, history);

        var restored = NewEngine();
        for (var i = 0; i < history.Length; i++)
        {
            restored.Restore(assigned[i].TopicId, Article("a" + i, history[i], Start.AddMinutes(10 * i)));
        }

        var next = Article("next", Keynote[2], Start.AddMinutes(10 * history.Length));
        var later = Article("later", Health[3], Start.AddMinutes(10 * history.Length + 5));
        Assert.Equal(original.Add(next).TopicId, restored.Add(next).TopicId);
        Assert.Equal(original.Add(later).TopicId, restored.Add(later).TopicId);
        Assert.Equal(assigned[0].TopicId, restored.Add(Article("again", Health[0], Start.AddMinutes(200))).TopicId);
    }

    [Fact]
    public void RemovedTopicIsForgotten()
    {
        var engine = NewEngine();
        var first = engine.Add(Article("a", Health[0], Start));

        engine.Remove(first.TopicId);
        var second = engine.Add(Article("b", Health[1], Start.AddMinutes(5)));

        Assert.True(second.IsNewTopic);
        Assert.NotEqual(first.TopicId, second.TopicId);
    }

    [Fact]
    public void MergesTopicsThatTurnOutToBeOneStory()
    {
        // Two halves of one story start apart (no shared words), then articles bridging them pull them together.
        var engine = NewEngine(new StoryClustererOptions { MergeThreshold = 0.2 });
        var merges = new List<TopicMerge>();
        var assignments = Feed(engine, SplitStory);
        merges.AddRange(engine.TakeMerges());

        var final = Resolve(assignments.Select(a => a.TopicId), merges);
        Assert.NotEmpty(merges);
        Assert.Single(final.Distinct());
    }

    [Fact]
    public void AMergeThatWouldLeaveATopicIncoherentIsRefused()
    {
        int Merges(double cohesion)
        {
            var engine = NewEngine(new StoryClustererOptions { MergeThreshold = 0.2, MinMergedCohesion = cohesion, SettleSweeps = 0 });
            var merges = 0;
            for (var i = 0; i < SplitStory.Length; i++)
            {
                engine.Add(Article($"a{i}", SplitStory[i], Start.AddMinutes(10 * i)));
                merges += engine.TakeMerges().Count;
            }

            return merges;
        }

        Assert.True(Merges(cohesion: 0.3) > 0);
        Assert.Equal(0, Merges(cohesion: 0.99));
    }

    private static List<string> Resolve(IEnumerable<string> ids, List<TopicMerge> merges)
    {
        var into = merges.ToDictionary(m => m.FromTopicId, m => m.IntoTopicId);
        return ids.Select(id =>
        {
            while (into.TryGetValue(id, out var next))
            {
                id = next;
            }

            return id;
        }).ToList();
    }

    [Fact]
    public void AFeedsTemplateWordsDoNotGroupItsItems()
    {
        // A forum feed: every item, whatever it is about, ends in the same words.
        static ClusterInput Post(int i, string title) => new(
            "p" + i, title, $"submitted by /u/member{i} to the community forum [link] [comments] reply share follow report",
            null, "Forum", Start.AddMinutes(5 * i));

        var unrelated = Enumerable.Range(0, 40).Select(i => Post(i, $"{Word(3 * i)} {Word((3 * i) + 1)} {Word((3 * i) + 2)}")).ToList();
        var story = Enumerable.Range(0, 4).Select(i => Post(40 + i, $"Grok image scandal reaches regulators, part {i + 1}")).ToList();
        var learned = SourceTemplates.MinArticles;

        // Once the feed has shown its template, posts that share nothing else stay apart; a story still groups.
        var plain = NewEngine(new StoryClustererOptions { SourceBoilerplateShare = 0 });
        var plainLargest = LargestAfter(unrelated.Select(plain.Add).ToList(), learned);
        var engine = NewEngine();
        var largest = LargestAfter(unrelated.Select(engine.Add).ToList(), learned);
        var storyTopics = story.Select(engine.Add).Select(a => a.TopicId).Distinct().ToList();

        Assert.True(plainLargest >= 5, $"without the filter the template should group posts (largest {plainLargest}), or this test proves nothing");
        Assert.True(largest <= 2, $"unrelated posts of one feed grouped by its template: {largest} in one topic");
        Assert.Single(storyTopics);

        static int LargestAfter(List<ClusterAssignment> assignments, int skip) =>
            assignments.Skip(skip).GroupBy(a => a.TopicId).Max(g => g.Count());
    }

    [Fact]
    public void WordsTheWholeStreamUsesDoNotMakeAStory()
    {
        // A stream in which "big" and "question" are everywhere, each time beside words of its own.
        static List<ClusterInput> Stream()
        {
            var filler = Enumerable.Range(0, 300).Select(i => new ClusterInput(
                "f" + i, $"{Word(3 * i)} {Word((3 * i) + 1)} {Word((3 * i) + 2)} {(i % 2 == 0 ? "big" : "question")}",
                null, null, "source-f" + i, Start.AddMinutes(i))).ToList();
            filler.Add(new ClusterInput("a", $"{Word(900)} {Word(901)} {Word(902)}: the big question", null, null, "source-a", Start.AddMinutes(300)));
            filler.Add(new ClusterInput("b", $"{Word(903)} {Word(904)} {Word(905)} {Word(906)}, a big question", null, null, "source-b", Start.AddMinutes(301)));
            return filler;
        }

        string[] TopicsOfAAndB(StoryClustererOptions options)
        {
            var engine = NewEngine(options);
            var topics = Stream().Select(engine.Add).ToDictionary(a => a.ArticleId, a => a.TopicId);
            return [topics["a"], topics["b"]];
        }

        var even = TopicsOfAAndB(new StoryClustererOptions { MixturePriorBackground = 0 });
        var byFrequency = TopicsOfAAndB(new StoryClustererOptions());

        Assert.True(even[0] == even[1], "with an even prior two common words carry b into a's topic, or this test proves nothing");
        Assert.NotEqual(byFrequency[0], byFrequency[1]);

        // Its own story's words still group the reports of a story in the same stream.
        var engine = NewEngine();
        foreach (var article in Stream())
        {
            engine.Add(article);
        }

        var health = Health.Select((t, i) => engine.Add(Article("h" + i, t, Start.AddMinutes(310 + (10 * i))))).Select(a => a.TopicId).Distinct();
        Assert.Single(health);
    }

    [Fact]
    public void AReportInNewWordsStillJoinsWhenItsCentroidMatchIsUnmistakable()
    {
        // A story of thirty reports, then one that names it ("OpenAI ChatGPT Health") beside words the story never
        // used. Against a topic that large, every unseen word weighs so much that the mixture would found a topic for
        // it; its centroid match decides. Too many new words, and even that match is too weak.
        string Place(double cosineOverride, int newWords)
        {
            var engine = NewEngine(new StoryClustererOptions { MixtureCosineOverride = cosineOverride });
            for (var i = 0; i < 300; i++)
            {
                engine.Add(new ClusterInput("f" + i, $"{Word(3 * i)} {Word((3 * i) + 1)} {Word((3 * i) + 2)}", null, null, "source-f" + i, Start.AddMinutes(i - 300)));
            }

            string[] names = ["OpenAI", "ChatGPT", "Health", "medical", "records", "assistant"];
            var reports = Enumerable.Range(0, 30).Select(i => $"{names[i % 6]} {names[(i + 1) % 6]} {names[(i + 3) % 6]} {Word(900 + (i % 3))}").ToArray();
            var story = Feed(engine, reports)[^1].TopicId;
            var words = string.Join(' ', Enumerable.Range(0, newWords).Select(k => Word(910 + k)));
            var report = engine.Add(Article("x", "OpenAI ChatGPT Health " + words, Start.AddMinutes(300)));
            return report.TopicId == story ? "joined" : report.IsNewTopic ? "new topic" : "elsewhere";
        }

        Assert.Equal("new topic", Place(cosineOverride: 1.0, newWords: 5));
        Assert.Equal("joined", Place(cosineOverride: 0.15, newWords: 5));
        Assert.Equal("new topic", Place(cosineOverride: 0.15, newWords: 15));
    }

    [Theory]
    [InlineData(true, 2.0, false, true)]
    [InlineData(true, 2.0, true, true)]
    [InlineData(false, 2.0, false, false)]
    [InlineData(true, 100.0, false, false)]
    public void ALoneReportJoinsItsStoryOnceTheStoryHasGrownIntoItsWords(bool secondLook, double margin, bool restart, bool joins)
    {
        // A story of twenty reports, then a report sharing two of its words beside a dozen the story has not used yet:
        // alone is likelier, so it founds a topic. Later reports of the story take up those words, one each (each more
        // at home in the story than beside that report). A second look (four settles after its own) then finds the lone
        // report far likelier in the story: its topic, already shown, merges there; after a restart that restored the
        // open topics too. Without
        // the second look, or with a margin no story can clear, it stays.
        var options = new StoryClustererOptions { SecondLook = secondLook, SecondLookMargin = margin };
        var engine = NewEngine(options);
        var shown = new List<(string TopicId, ClusterInput Article)>();
        void Settle(IEnumerable<ClusterInput> articles)
        {
            var batch = articles.ToList();
            batch.ForEach(a => engine.Add(a));
            shown.AddRange(engine.Settle().Select((a, i) => (a.TopicId, batch[i])));
        }

        var at = Start.AddHours(-6);
        Settle(Enumerable.Range(0, 300).Select(i =>
            new ClusterInput("f" + i, $"{Word(3 * i)} {Word((3 * i) + 1)} {Word((3 * i) + 2)}", null, null, "source-f" + i, at.AddSeconds(60 * i))));
        string[] extra = ["today", "update", "report", "latest", "news"];
        Settle(Enumerable.Range(0, 20).Select(i => Article("s" + i, $"Zorblatt Quasar truck recall {extra[i % 5]}", Start.AddMinutes(i))));
        var storyTopic = Assert.Single(shown.Where(s => s.Article.Id.StartsWith('s')).Select(s => s.TopicId).Distinct());

        var own = Enumerable.Range(0, 12).Select(k => Word(950 + k)).ToArray();
        Settle([Article("x", "truck recall " + string.Join(' ', own), Start.AddMinutes(25))]);
        var lone = shown[^1].TopicId;
        Assert.True(shown.Count(s => s.TopicId == lone) == 1 && lone != storyTopic, "the report founds a topic of its own at first, or this test proves nothing");
        Assert.Empty(engine.TakeMerges());

        if (restart)
        {
            engine = NewEngine(options);
            foreach (var (topicId, article) in shown)
            {
                engine.Restore(topicId, article);
            }
        }

        // The later reports come in four batches: the report looks again four settles after its own.
        var merges = new List<TopicMerge>();
        for (var batch = 0; batch < 4; batch++)
        {
            Assert.DoesNotContain(merges, m => m.FromTopicId == lone);
            Settle(Enumerable.Range(3 * batch, 3).Select(i => Article("t" + i, $"Zorblatt Quasar truck recall {own[i]}", Start.AddMinutes(30 + i))));
            merges.AddRange(engine.TakeMerges());
        }

        Assert.All(shown.TakeLast(12), a => Assert.Equal(storyTopic, a.TopicId));
        if (joins)
        {
            Assert.Equal(new TopicMerge(lone, storyTopic), Assert.Single(merges));
            Assert.Equal(1, engine.SecondLookMoves);

            // The story keeps it: the next batch does not move it again, and the story's next report still joins.
            Settle([Article("u", "Zorblatt Quasar truck recall widens", Start.AddMinutes(50))]);
            Assert.Equal(storyTopic, shown[^1].TopicId);
            Assert.Empty(engine.TakeMerges());
        }
        else
        {
            Assert.DoesNotContain(merges, m => m.FromTopicId == lone);
            Assert.Equal(0, engine.SecondLookMoves);
        }
    }

    private static string Word(int n) => ClusteringTestData.Word(n);

    [Fact]
    public void SplitsATopicThatGrewFromTwoStoriesAndKeepsThePartsApart()
    {
        // A festival's storm and its line-up are first told in the same words, so one topic takes both; once each has
        // words of its own, a split parts them (at the check when the topic has doubled to 128 here; smaller ones need a
        // clearer difference), the larger part keeping the id, and later reports find their own part.
        string[] shared = ["Harwick", "festival", "Oriel", "headliner"];
        string[] storm = ["storm", "floods", "campsite", "cancelled", "refunds", "evacuated", "rain", "mud"];
        string[] lineup = ["lineup", "reunion", "tour", "tickets", "announced", "stage", "band", "setlist"];
        ClusterInput Report(int i)
        {
            var words = i % 2 == 0 ? storm : lineup;
            var k = i / 2;
            // The first reports share everything but one word; later ones say more of their own story.
            var own = Math.Min(4, 1 + (k / 3));
            var title = string.Join(' ', shared.Take(4 - Math.Min(2, k / 4)).Concat(Enumerable.Range(0, own).Select(j => words[(k + (j * 3)) % words.Length])));
            var text = string.Join(' ', shared.Concat(Enumerable.Range(0, own + 2).Select(j => words[(k + 1 + (j * 5)) % words.Length])));
            return new ClusterInput($"r{i}", title, text, null, $"outlet{i % 5}", Start.AddMinutes(15 * i));
        }

        (Dictionary<string, string> Topics, List<TopicSplit> Splits, List<TopicMerge> Merges) Run(StoryClustererOptions options, int count)
        {
            var engine = NewEngine(options);
            var topics = new Dictionary<string, string>();
            var splits = new List<TopicSplit>();
            var merges = new List<TopicMerge>();
            for (var i = 0; i < count; i++)
            {
                engine.Add(Report(i));
                if ((i + 1) % 8 == 0)
                {
                    foreach (var settled in engine.Settle())
                    {
                        topics[settled.ArticleId] = settled.TopicId;
                    }

                    foreach (var split in engine.TakeSplits())
                    {
                        splits.Add(split);
                        split.ArticleIds.ToList().ForEach(id => topics[id] = split.NewTopicId);
                    }

                    merges.AddRange(engine.TakeMerges());
                }
            }

            return (topics, splits, merges);
        }

        string Main(Dictionary<string, string> topics, int parity) =>
            topics.Where(p => int.Parse(p.Key[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == parity)
                .GroupBy(p => p.Value).OrderByDescending(g => g.Count()).First().Key;

        var whole = Run(new StoryClustererOptions { SplitMinSize = 0 }, 48);
        Assert.Empty(whole.Splits);
        Assert.Equal(Main(whole.Topics, 0), Main(whole.Topics, 1));

        var (topics, splits, merges) = Run(new StoryClustererOptions(), 160);
        var (stormTopic, lineupTopic) = (Main(topics, 0), Main(topics, 1));
        Assert.NotEqual(stormTopic, lineupTopic);
        Assert.Contains(splits, s => new[] { stormTopic, lineupTopic }.Contains(s.FromTopicId) && new[] { stormTopic, lineupTopic }.Contains(s.NewTopicId));
        // Every storm report and every line-up report ends in its own story's topic, the later ones too.
        Assert.All(topics, p => Assert.Equal(int.Parse(p.Key[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? stormTopic : lineupTopic, p.Value));
        Assert.DoesNotContain(merges, m => new[] { stormTopic, lineupTopic }.Contains(m.FromTopicId) && new[] { stormTopic, lineupTopic }.Contains(m.IntoTopicId));
        // The part that keeps the id is the topic the first reports were shown in.
        Assert.Equal(whole.Topics["r0"], splits[0].FromTopicId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TopicsKeptApartAfterARestartAreNotMergedAgain(bool keepApart)
    {
        // Two restored topics telling one story in the same words merge as soon as one of them grows, unless the
        // engine hears that it once split them.
        var engine = NewEngine();
        engine.Restore("aaaaaaaaaa", Article("r1", "Harwick festival storm floods campsite", Start));
        engine.Restore("bbbbbbbbbb", Article("r2", "Harwick festival storm floods campsite again", Start.AddMinutes(5)));
        if (keepApart)
        {
            engine.KeepApart("aaaaaaaaaa", "bbbbbbbbbb");
        }

        engine.Add(Article("n1", "Harwick festival storm floods campsite", Start.AddMinutes(10)));
        engine.Add(Article("n2", "Harwick festival storm floods campsite", Start.AddMinutes(15)));
        engine.Settle();

        var merges = engine.TakeMerges();
        if (keepApart)
        {
            Assert.Empty(merges);
            Assert.Equal(2, engine.OpenTopicCount);
        }
        else
        {
            Assert.Contains(merges, m => m.FromTopicId is "aaaaaaaaaa" or "bbbbbbbbbb" && m.IntoTopicId is "aaaaaaaaaa" or "bbbbbbbbbb");
        }
    }

    private static StoryClusterer NewEngine(StoryClustererOptions? options = null) => new(options ?? new StoryClustererOptions());

    private static ClusterInput Article(string id, string title, DateTimeOffset published) =>
        new(id, title, null, null, "source-" + id, published);

    private static List<ClusterAssignment> Feed(StoryClusterer engine, string[] titles, string prefix = "a") =>
        titles.Select((t, i) => engine.Add(Article(prefix + i, t, Start.AddMinutes(10 * i)))).ToList();
}
