using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

public class SettleAndPaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void LearnsAShortPaceFromAStreamOfBursts()
    {
        var engine = new StoryClusterer(new StoryClustererOptions());

        // 40 stories, each six reports five seconds apart, an hour between stories.
        Stream(engine, stories: 40, perStory: 6, betweenReports: TimeSpan.FromSeconds(5), betweenStories: TimeSpan.FromHours(1));

        Assert.InRange(engine.StoryPace, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void LearnsALongPaceFromSlowStoriesWithinItsBounds()
    {
        var engine = new StoryClusterer(new StoryClustererOptions());

        Stream(engine, stories: 40, perStory: 6, betweenReports: TimeSpan.FromHours(1), betweenStories: TimeSpan.FromMinutes(10));

        Assert.InRange(engine.StoryPace, TimeSpan.FromHours(1), TimeSpan.FromHours(12));
    }

    [Fact]
    public void DateOnlyStampsDoNotPinThePace()
    {
        // An archive first: a feed that dates its items by the day, so each story's reports all read midnight. Then
        // news with times, reports an hour apart. Taken for ages of nought, the midnight joins pinned the pace at
        // seconds; the hourly reports could then no longer join, and the pace never learnt otherwise.
        var engine = new StoryClusterer(new StoryClustererOptions());
        var midnight = new DateTimeOffset(Start.Date, TimeSpan.Zero);
        Stream(engine, stories: 60, perStory: 4, betweenReports: TimeSpan.Zero, betweenStories: TimeSpan.FromDays(3), start: midnight.AddYears(-1));
        Stream(engine, stories: 40, perStory: 6, betweenReports: TimeSpan.FromHours(1), betweenStories: TimeSpan.FromMinutes(10));

        var at = Start.AddDays(30);
        for (var r = 0; r < 4; r++)
        {
            engine.Add(new ClusterInput($"late-{r}", $"Storylate Quelllate Varnlate Daltlate{r}", null, null, null, at.AddHours(r)));
        }

        var settled = engine.Settle();

        Assert.InRange(engine.StoryPace, TimeSpan.FromHours(1), TimeSpan.FromHours(12));
        Assert.Single(settled.Select(a => a.TopicId).Distinct());
    }

    [Fact]
    public void KeepsTheConfiguredPaceWhenLearningIsOff()
    {
        var engine = new StoryClusterer(new StoryClustererOptions { LearnStoryPace = false, StoryPace = TimeSpan.FromHours(3) });

        Stream(engine, stories: 40, perStory: 6, betweenReports: TimeSpan.FromSeconds(5), betweenStories: TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromHours(3), engine.StoryPace);
    }

    [Fact]
    public void BurstsOfOneSubjectHoursApartStaySeparateStories()
    {
        // The same company files for bankruptcy news twice, eight hours apart: two stories, as an editor would see it.
        var engine = new StoryClusterer(new StoryClustererOptions());
        Stream(engine, stories: 30, perStory: 5, betweenReports: TimeSpan.FromSeconds(5), betweenStories: TimeSpan.FromMinutes(20));
        var at = Start.AddDays(2);
        string[] titles = ["Mt. Gox files for bankruptcy protection", "Bitcoin exchange Mt. Gox files for bankruptcy", "Mt. Gox bankruptcy filing shocks bitcoin users"];
        var morning = titles.Select((t, i) => engine.Add(new ClusterInput($"m{i}", t, null, null, null, at.AddSeconds(i)))).ToList();
        var evening = titles.Select((t, i) => engine.Add(new ClusterInput($"e{i}", t, null, null, null, at.AddHours(8).AddSeconds(i)))).ToList();
        var settled = engine.Settle();

        var ids = settled.ToDictionary(a => a.ArticleId, a => a.TopicId);
        Assert.Single(morning.Select(a => ids[a.ArticleId]).Distinct());
        Assert.Single(evening.Select(a => ids[a.ArticleId]).Distinct());
        Assert.NotEqual(ids["m0"], ids["e0"]);
    }

    [Fact]
    public void SettleLetsAnEarlyArticleMoveToTheStoryItsBatchReveals()
    {
        string[] iphone =
        [
            "Apple iPhone sales hit a record quarter", "Apple reports record iPhone sales quarter",
            "Record quarter for Apple as iPhone sales climb", "iPhone sales give Apple its record quarter",
        ];
        string[] headset =
        [
            "Vision Pro headset delayed until next year", "Headset delay: Vision Pro pushed back a year",
            "Vision Pro headset launch delayed again", "Delayed again: the Vision Pro headset slips",
        ];
        const string Bridge = "Apple iPhone maker delays its Vision Pro headset";

        string Run(int sweeps)
        {
            // The plain mixture with a mild small-topic discount and the nine headlines' own vocabulary, so that the
            // four-report iPhone story takes the bridge as it arrives: the scenario a batch has to correct.
            var engine = new StoryClusterer(new StoryClustererOptions { SettleSweeps = sweeps, SmallTopicDiscount = 1, BackgroundWeight = 0, MixtureMinVocabulary = 1 });
            for (var i = 0; i < iphone.Length; i++)
            {
                engine.Add(new ClusterInput($"i{i}", iphone[i], null, null, null, Start.AddMinutes(i)));
            }

            engine.Settle();
            engine.Add(new ClusterInput("bridge", Bridge, null, null, null, Start.AddMinutes(10)));
            for (var i = 0; i < headset.Length; i++)
            {
                engine.Add(new ClusterInput($"h{i}", headset[i], null, null, null, Start.AddMinutes(11 + i)));
            }

            var settled = engine.Settle();
            Assert.Equal(["bridge", "h0", "h1", "h2", "h3"], settled.Select(a => a.ArticleId));
            Assert.Single(settled.Skip(1).Select(a => a.TopicId).Distinct());
            return settled[0].TopicId == settled[1].TopicId ? "headset" : "elsewhere";
        }

        // Alone, the bridging report went with the iPhone story it arrived into; settled with its batch, it moves.
        Assert.Equal("elsewhere", Run(sweeps: 0));
        Assert.Equal("headset", Run(sweeps: 2));
    }

    [Fact]
    public void SettleReportsTopicsFoundedInTheBatchAsNew()
    {
        var engine = new StoryClusterer(new StoryClustererOptions());
        engine.Add(new ClusterInput("a", "Nvidia unveils Rubin chips at CES keynote", null, null, null, Start));
        var first = engine.Settle();
        engine.Add(new ClusterInput("b", "Nvidia Rubin chips unveiled in CES keynote", null, null, null, Start.AddMinutes(1)));
        engine.Add(new ClusterInput("c", "Grok image scandal draws regulators", null, null, null, Start.AddMinutes(2)));
        var second = engine.Settle();

        Assert.True(Assert.Single(first).IsNewTopic);
        Assert.Equal(first[0].TopicId, second[0].TopicId);
        Assert.False(second[0].IsNewTopic);
        Assert.True(second[1].IsNewTopic);
        Assert.Empty(engine.Settle());
    }

    [Fact]
    public void AnArchiveOlderThanTheStoriesAlreadyKnownStillFoundsTopicsOfItsOwn()
    {
        // Newer stories first (the demo week, or topics a restart restored), then an archive from weeks before them,
        // as the worker meets it after an import. Founding a topic weighs the open topics' activity at the article's
        // time; judged at the newer stories' time instead, it decays to nothing, and the archive's stories, which
        // share an everyday word, heap together.
        static (Dictionary<string, HashSet<string>> Topics, int Open, int Newer) Archive(bool newerFirst)
        {
            var engine = new StoryClusterer(new StoryClustererOptions());
            var newer = 0;
            if (newerFirst)
            {
                for (var r = 0; r < 12; r++)
                {
                    var story = r % 4;
                    engine.Add(new ClusterInput($"new{r}", $"Later{story} Breaking{story} Wexl{story} market", null, null, null, Start.AddDays(40).AddMinutes(r)));
                }

                newer = engine.Settle().Select(a => a.TopicId).Distinct().Count();
            }

            var topics = new Dictionary<string, HashSet<string>>();
            var at = Start;
            for (var s = 0; s < 30; s++)
            {
                var name = $"{(char)('a' + (s / 26))}{(char)('a' + (s % 26))}";
                for (var r = 0; r < 4; r++)
                {
                    engine.Add(new ClusterInput($"{name}-{r}", $"Story{name} Quell{name} Varn{name} Dalt{name} market", null, null, null, at));
                    at += TimeSpan.FromMinutes(20);
                }

                foreach (var assignment in engine.Settle())
                {
                    var members = topics.TryGetValue(assignment.TopicId, out var known) ? known : topics[assignment.TopicId] = [];
                    members.Add(assignment.ArticleId.Split('-')[0]);
                }

                at += TimeSpan.FromHours(3);
            }

            return (topics, engine.OpenTopicCount, newer);
        }

        var (alone, openAlone, _) = Archive(newerFirst: false);
        var (after, openAfter, newer) = Archive(newerFirst: true);

        // The archive is grouped as it would be on its own (28 topics for its 30 stories here); before, 20.
        static List<string> Groups(Dictionary<string, HashSet<string>> topics) =>
            topics.Values.Select(stories => string.Join(' ', stories.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Groups(alone), Groups(after));

        // And the archive's topics close as it moves on, as they do on their own (17 open at the end here): the newer
        // stories, not idle, would otherwise keep every one of them open (29).
        Assert.InRange(openAfter, openAlone, openAlone + newer);
    }

    // Stories with words of their own ("Storyab Quellab ..."), reported perStory times each.
    private static void Stream(StoryClusterer engine, int stories, int perStory, TimeSpan betweenReports, TimeSpan betweenStories, DateTimeOffset? start = null)
    {
        var at = start ?? Start;
        for (var s = 0; s < stories; s++)
        {
            var name = $"{(char)('a' + (s / 26))}{(char)('a' + (s % 26))}";
            for (var r = 0; r < perStory; r++)
            {
                // Each story's own words only: stories that shared "report 3" would be told apart by time alone.
                engine.Add(new ClusterInput($"{name}-{r}", $"Story{name} Quell{name} Varn{name} Dalt{name}{r}", null, null, null, at));
                at += betweenReports;
            }

            engine.Settle();
            at += betweenStories;
        }
    }
}
