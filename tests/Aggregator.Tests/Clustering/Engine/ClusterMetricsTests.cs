using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

public class ClusterMetricsTests
{
    [Fact]
    public void ScoresAHandMadeClustering()
    {
        // Gold: a = {1,2,3}, b = {4,5}. Predicted: x = {1,2}, y = {3,4,5}.
        var items = new List<(string Gold, string Predicted)>
        {
            ("a", "x"), ("a", "x"), ("a", "y"), ("b", "y"), ("b", "y"),
        };

        var scores = ClusterMetrics.Score(items);

        // Precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15. Recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15.
        Assert.Equal(11.0 / 15, scores.BCubedPrecision, 10);
        Assert.Equal(11.0 / 15, scores.BCubedRecall, 10);
        Assert.Equal(11.0 / 15, scores.BCubedF1, 10);
        // Pairs: predicted {1,2},{3,4},{3,5},{4,5}; gold {1,2},{1,3},{2,3},{4,5}; shared {1,2},{4,5}.
        Assert.Equal(0.5, scores.PairwisePrecision, 10);
        Assert.Equal(0.5, scores.PairwiseRecall, 10);
        Assert.Equal(2, scores.GoldClusters);
        Assert.Equal(2, scores.PredictedClusters);
    }

    [Fact]
    public void PerfectClusteringScoresOne()
    {
        var scores = ClusterMetrics.Score([("a", "1"), ("a", "1"), ("b", "2")]);

        Assert.Equal(1.0, scores.BCubedF1, 10);
        Assert.Equal(1.0, scores.PairwiseF1, 10);
    }

    [Fact]
    public void OneBigClusterHasFullRecallButLowPrecision()
    {
        var scores = ClusterMetrics.Score([("a", "1"), ("a", "1"), ("b", "1"), ("c", "1")]);

        Assert.Equal(1.0, scores.BCubedRecall, 10);
        Assert.Equal((0.5 + 0.5 + 0.25 + 0.25) / 4, scores.BCubedPrecision, 10);
    }
}
