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
        Assert.Equal(1, core.NewestTicks);
        Assert.True(core.Cosine(probe) < before / 2, $"{core.Cosine(probe):0.000} after, {before:0.000} before");
    }

    [Fact]
    public void AFullCoreLetsItsOldestReportGoSoItFollowsTheStory()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var core = new StoryCore();
        for (var i = 0; i <= StoryCore.MaxReports; i++)
        {
            core.Add("r" + i, 100 + i, Read(vocabulary, $"Acme robot vacuum recall update number {i}"));
        }

        Assert.Equal(StoryCore.MaxReports, core.Count);
        Assert.Equal(100 + StoryCore.MaxReports, core.NewestTicks);
    }

    private static ArticleVector Read(Vocabulary vocabulary, string title)
    {
        var reader = new ArticleReader();
        var length = reader.ReadInto(new ClusterInput(title, title, null, null, "source", DateTimeOffset.UnixEpoch));
        var vector = new ArticleVector();
        vector.Read(reader.Hashes(length), reader.Weights(length), reader.TitleCounts(length));
        vocabulary.Observe(vector.Terms.AsSpan(0, vector.Length));
        vector.Damp();
        vector.Weigh(vocabulary);
        return vector;
    }
}
