using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

public class StoryMeasureTests
{
    [Fact]
    public void UnlabelledMembersCountAgainstTheTopicThatHoldsAStory()
    {
        // Story s sits whole in topic T, which also holds six unlabelled articles: B-cubed over the labelled three sees
        // a perfect topic, the strict measure sees a story that is a third of its topic.
        (string?, string)[] items =
        [
            ("s", "T"), ("s", "T"), ("s", "T"),
            (null, "T"), (null, "T"), (null, "T"), (null, "T"), (null, "T"), (null, "T"),
            (null, "U"),
        ];

        var scores = StoryMeasure.Score(items);

        Assert.Equal(1.0, ClusterMetrics.Score([("s", "T"), ("s", "T"), ("s", "T")]).BCubedF1, 6);
        Assert.Equal(2 * (1.0 / 3) * 1.0 / ((1.0 / 3) + 1.0), scores.StrictF1, 6);
        Assert.Equal(1.0 / 3, scores.MedianShare, 6);
        Assert.Equal((1, 3, 10), (scores.Stories, scores.Labelled, scores.Items));
    }

    [Fact]
    public void EachStoryTakesItsBestTopicAndTheShareOfTheTopicHoldingMostOfIt()
    {
        // Story a: 4 in A (alone there), 2 in B. Story b: 3 in B, B also holds one unlabelled article.
        (string?, string)[] items =
        [
            ("a", "A"), ("a", "A"), ("a", "A"), ("a", "A"),
            ("a", "B"), ("a", "B"),
            ("b", "B"), ("b", "B"), ("b", "B"), (null, "B"),
        ];

        var scores = StoryMeasure.Score(items);

        var storyA = 2 * 1.0 * (4.0 / 6) / (1.0 + (4.0 / 6));
        var storyB = 2 * (3.0 / 6) * 1.0 / ((3.0 / 6) + 1.0);
        Assert.Equal((storyA + storyB) / 2, scores.StrictF1, 6);

        // Shares 1.0 (a in A) and 0.5 (b in B): the median of two is their mean.
        Assert.Equal(0.75, scores.MedianShare, 6);
    }

    [Fact]
    public void AFileWithNoLabelsScoresNothing()
    {
        var scores = StoryMeasure.Score([(null, "A"), (null, "B")]);

        Assert.Equal((0.0, 0.0, 0, 2), (scores.StrictF1, scores.MedianShare, scores.Stories, scores.Items));
    }
}
