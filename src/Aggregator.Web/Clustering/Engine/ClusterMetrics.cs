namespace Aggregator.Web.Clustering.Engine;

/// <summary>Agreement between a predicted clustering and a gold one.</summary>
public sealed record ClusterScores(
    double BCubedPrecision,
    double BCubedRecall,
    double BCubedF1,
    double PairwisePrecision,
    double PairwiseRecall,
    double PairwiseF1,
    int GoldClusters,
    int PredictedClusters,
    int Items);

/// <summary>
/// B-cubed (Bagga and Baldwin 1998; Amigó et al. 2009) and pairwise precision and recall. B-cubed averages, over
/// items, the share of an item's predicted cluster that is in its gold cluster (precision) and the share of its gold
/// cluster that is in its predicted cluster (recall).
/// </summary>
public static class ClusterMetrics
{
    public static ClusterScores Score(IReadOnlyList<(string Gold, string Predicted)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return new ClusterScores(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        var cells = new Dictionary<(string, string), long>();
        var gold = new Dictionary<string, long>(StringComparer.Ordinal);
        var predicted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (g, p) in items)
        {
            cells[(g, p)] = cells.GetValueOrDefault((g, p)) + 1;
            gold[g] = gold.GetValueOrDefault(g) + 1;
            predicted[p] = predicted.GetValueOrDefault(p) + 1;
        }

        // Every item of a cell shares the same B-cubed precision (cell/predicted) and recall (cell/gold).
        double precision = 0, recall = 0, pairsBoth = 0;
        foreach (var ((g, p), n) in cells)
        {
            precision += (double)n * n / predicted[p];
            recall += (double)n * n / gold[g];
            pairsBoth += n * (n - 1) / 2.0;
        }

        precision /= items.Count;
        recall /= items.Count;
        var pairsPredicted = predicted.Values.Sum(n => n * (n - 1) / 2.0);
        var pairsGold = gold.Values.Sum(n => n * (n - 1) / 2.0);
        var pairPrecision = pairsPredicted == 0 ? 1 : pairsBoth / pairsPredicted;
        var pairRecall = pairsGold == 0 ? 1 : pairsBoth / pairsGold;
        return new ClusterScores(
            precision, recall, F1(precision, recall),
            pairPrecision, pairRecall, F1(pairPrecision, pairRecall),
            gold.Count, predicted.Count, items.Count);
    }

    private static double F1(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
}
