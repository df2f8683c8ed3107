using System.Globalization;
using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Web.Cli;

/// <summary>`eval --input GOLD.jsonl`: clusters gold-labelled articles and scores the result against the stories.</summary>
internal sealed class EvalCommand : ICliCommand
{
    public string Name => "eval";
    public string Usage => "eval --input GOLD.jsonl [--runs N]  score the clustering engine against articles labelled with \"story\" (N runs: the later ones show warm throughput)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var input = CliArguments.Value(args, "--input");
        var runs = 1;
        if (input is null || !CliArguments.TryNumber(args, "--runs", ref runs, min: 1, max: 100))
        {
            await error.WriteLineAsync("Usage: eval --input GOLD.jsonl [--runs N]   (N from 1 to 100)");
            return 2;
        }

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoryClustererOptions>>().Value;
        var lines = await ClusterFile.TryReadWhileWarmingAsync(input, requireStory: true, options, error, cancellationToken);
        if (lines is null)
        {
            return 1;
        }

        var settleBatch = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusteringOptions>>().Value.BatchSize;
        var engine = services.GetRequiredService<IStoryClusterer>();
        var run = ClusterFile.Run(engine, lines, settleBatch);

        // Later runs, each on a fresh engine, give the same topics; they show the speed once the code is compiled
        // and warm, apart from the one-off start-up cost the first run carries.
        ClusterRun? warm = null;
        for (var i = 1; i < runs; i++)
        {
            var again = ClusterFile.Run(services.GetRequiredService<IStoryClusterer>(), lines, settleBatch);
            if (!again.Topics.SequenceEqual(run.Topics))
            {
                await error.WriteLineAsync("A repeated run gave different topics: the engine is not deterministic.");
                return 1;
            }

            warm = warm is null || again.Elapsed < warm.Elapsed ? again : warm;
        }
        var scores = ClusterMetrics.Score(lines.Select((l, i) => (l.Story!, run.Topics[i])).ToList());
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            articles            {scores.Items}
            gold clusters       {scores.GoldClusters}
            predicted clusters  {scores.PredictedClusters}
            B-cubed precision   {scores.BCubedPrecision:0.0000}
            B-cubed recall      {scores.BCubedRecall:0.0000}
            B-cubed F1          {scores.BCubedF1:0.0000}
            pairwise precision  {scores.PairwisePrecision:0.0000}
            pairwise recall     {scores.PairwiseRecall:0.0000}
            pairwise F1         {scores.PairwiseF1:0.0000}
            story pace          {(engine is StoryClusterer clusterer ? clusterer.StoryPace.ToString() : "n/a")}
            topic splits        {(engine is StoryClusterer splitter ? splitter.SplitCount.ToString(CultureInfo.InvariantCulture) : "n/a")}
            second looks        {(engine is StoryClusterer looker ? $"{looker.SecondLooks} looks, {looker.SecondLookMoves} moved to a story" : "n/a")}
            throughput          {run.ArticlesPerSecond:0} articles/s ({run.Elapsed.TotalSeconds:0.000} s wall clock, {run.ArticlesPerProcessorSecond:0} per processor-second)
            """));
        if (warm is not null)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"warm throughput     {warm.ArticlesPerSecond:0} articles/s (best of {runs - 1} later runs, {warm.Elapsed.TotalSeconds:0.000} s wall clock)"));
        }

        return 0;
    }
}
