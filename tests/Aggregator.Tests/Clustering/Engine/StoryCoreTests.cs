using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Tests.Clustering.Engine;

public class StoryCoreTests
{
    [Fact]
    public void AReportMatchesTheCoreOfItsStoryBetterThanAnotherStorysReport()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var core = new StoryCore();
        core.Add("a", 1, Read(vocabulary, "Acme recalls two million robot vacuums after battery fires in homes"));
        core.Add("b", 2, Read(vocabulary, "Two million Acme robot vacuums recalled over battery fire risk"));

        var same = core.Cosine(Read(vocabulary, "Acme robot vacuum recall covers two million units with faulty batteries"));
        var other = core.Cosine(Read(vocabulary, "Borealis opens a battery factory for electric buses in Ohio"));

        Assert.True(same > 0.3, $"same story {same:0.000}");
        Assert.True(same > other + 0.2, $"same story {same:0.000}, other {other:0.000}");
    }

    [Fact]
    public void AReportThatLeavesTakesItsWordsWithIt()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var core = new StoryCore();
        core.Add("a", 1, Read(vocabulary, "Acme recalls two million robot vacuums after battery fires"));
        core.Add("b", 2, Read(vocabulary, "Borealis opens a battery factory for electric buses in Ohio"));
        var probe = Read(vocabulary, "Borealis electric bus battery factory opens in Ohio");
        var before = core.Cosine(probe);

        core.Remove("b");

        Assert.Equal(1, core.Count);
        Assert.True(core.Cosine(probe) < before / 2, $"{core.Cosine(probe):0.000} after, {before:0.000} before");
    }

    [Fact]
    public void AFullCoreLetsItsOldestReportGoAndTakesItBackWhenANewerOneLeaves()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var core = new StoryCore();
        core.Add("first", 100, Read(vocabulary, "Borealis opens a battery factory for electric buses in Ohio"));
        var probe = Read(vocabulary, "Borealis electric bus battery factory opens in Ohio");
        for (var i = 1; i <= StoryCore.MaxReports; i++)
        {
            core.Add("r" + i, 100 + i, Read(vocabulary, "Acme robot vacuum recall widens to more models"));
        }

        var full = core.Cosine(probe);
        core.Remove("r5");
        var back = core.Cosine(probe);

        Assert.Equal(StoryCore.MaxReports, core.Count);
        Assert.True(full < 0.01, $"the first report still counts when full: {full:0.000}");
        Assert.True(back > 0.05, $"the first report is not back once a newer one left: {back:0.000}");
    }

    [Fact]
    public void AMakersOtherProductNamesAnotherThingThanTheCore()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var core = new StoryCore();
        core.Add("a", 1, Read(vocabulary, "Acme shows the Zephyr X5 rollable laptop in Vegas"));
        core.Add("b", 2, Read(vocabulary, "The Zephyr X5 from Acme unrolls its screen at the touch of a key"));

        var other = Read(vocabulary, "Acme's Vantage Q7 tablet gets a keyboard cover");

        Assert.True(core.NamesOther(other.Headline, vocabulary, AnyName));
    }

    [Fact]
    public void AFollowUpThatNamesSomeoneNewButKeepsTheSubjectNamesTheSameThing()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var core = new StoryCore();
        core.Add("a", 1, Read(vocabulary, "Acme shows the Zephyr X5 rollable laptop in Vegas"));
        core.Add("b", 2, Read(vocabulary, "The Zephyr X5 from Acme unrolls its screen at the touch of a key"));

        var followUp = Read(vocabulary, "Shoppers queue for the Zephyr X5 as Acme opens preorders in Ohio");
        var unnamed = Read(vocabulary, "this rollable laptop unrolls its screen at the touch of a key");

        Assert.False(core.NamesOther(followUp.Headline, vocabulary, AnyName));
        Assert.False(core.NamesOther(unnamed.Headline, vocabulary, AnyName));
    }

    [Fact]
    public void TwoCoresNamingTwoProductsOfOneMakerNameOtherThings()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var laptop = new StoryCore();
        laptop.Add("a", 1, Read(vocabulary, "Acme shows the Zephyr X5 rollable laptop in Vegas"));
        var tablet = new StoryCore();
        tablet.Add("b", 2, Read(vocabulary, "Acme's Vantage Q7 tablet gets a keyboard cover"));
        var twin = new StoryCore();
        twin.Add("c", 3, Read(vocabulary, "The Zephyr X5 from Acme unrolls its screen at the touch of a key"));

        Assert.True(laptop.NamesOther(tablet, vocabulary, AnyName));
        Assert.False(laptop.NamesOther(twin, vocabulary, AnyName));
    }

    [Fact]
    public void ANameInTooManyArticlesTellsNothing()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var core = new StoryCore();
        core.Add("a", 1, Read(vocabulary, "Acme shows the Zephyr X5 rollable laptop in Vegas"));
        var other = Read(vocabulary, "Acme's Vantage Q7 tablet gets a keyboard cover");

        Assert.False(core.NamesOther(other.Headline, vocabulary, minIdf: 50));
    }

    [Fact]
    public void ACoreGrownReportByReportMatchesExactlyAsOneBuiltFromItsReportsAtOnce()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var titles = new[]
        {
            "Acme recalls two million robot vacuums after battery fires in homes",
            "Two million Acme robot vacuums recalled over battery fire risk",
            "Acme robot vacuum recall covers units sold since 2023",
            "Regulator presses Acme on how long it knew of the vacuum fires",
        };
        var vectors = titles.Select(t => Read(vocabulary, t)).ToArray();
        var probe = Read(vocabulary, "Acme vacuum battery fires lead to a recall of two million units");

        // In order: each report is the newest, and is added to the sum as it comes.
        var grown = new StoryCore();
        for (var i = 0; i < vectors.Length; i++)
        {
            grown.Add("r" + i, i, vectors[i]);
        }

        // Newest first: every report lands before the last, and the sum is made again from all of them.
        var built = new StoryCore();
        for (var i = vectors.Length - 1; i >= 0; i--)
        {
            built.Add("r" + i, i, vectors[i]);
        }

        // A report that leaves and comes back leaves the core as it was.
        var returned = new StoryCore();
        for (var i = 0; i < vectors.Length; i++)
        {
            returned.Add("r" + i, i, vectors[i]);
        }

        var before = returned.Cosine(probe);
        var left = returned.Remove("r1");
        var without = returned.Cosine(probe);
        returned.Return("r1", left);

        Assert.Equal(built.Cosine(probe), grown.Cosine(probe));
        Assert.Equal(built.Cosine(grown), grown.Cosine(built));
        Assert.Equal(1.0, built.Cosine(grown), 6);
        Assert.NotEqual(before, without);
        Assert.Equal(before, returned.Cosine(probe));
    }

    // Every name counts, however common: the test vocabulary holds a handful of articles.
    private const double AnyName = 1;

    private static ArticleVector Read(Vocabulary vocabulary, string title) =>
        EngineRuns.Vector(vocabulary, new ClusterInput(title, title, null, null, "source", DateTimeOffset.UnixEpoch));
}
