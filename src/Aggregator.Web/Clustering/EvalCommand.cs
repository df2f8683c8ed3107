using System.Globalization;
using Aggregator.Web.Cli;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Web.Clustering;

/// <summary>`eval --input GOLD.jsonl`: clusters gold-labelled articles and scores the result against the stories.</summary>
internal sealed class EvalCommand : ICliCommand
{
    public string Name => "eval";
    public string Usage => "eval --input GOLD.jsonl  score the clustering engine against articles labelled with \"story\"";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var input = ClusterCommand.Option(args, "--input");
        if (input is null)
        {
            await error.WriteLineAsync("Usage: eval --input GOLD.jsonl");
            return 2;
        }

        var lines = await ClusterFile.TryReadAsync(input, requireStory: true, error, cancellationToken);
        if (lines is null)
        {
            return 1;
        }

        var engine = services.GetRequiredService<IStoryClusterer>();
        var run = ClusterFile.Run(engine, lines,
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoryClustererOptions>>().Value.SettleBatch);
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
            throughput          {run.ArticlesPerSecond:0} articles/s ({run.Elapsed.TotalSeconds:0.000} s wall clock, {run.ArticlesPerProcessorSecond:0} per processor-second)
            """));
        return 0;
    }
}
