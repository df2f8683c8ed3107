using System.Globalization;
using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Web.Cli;

/// <summary>
/// `eval --input GOLD.jsonl [--site]`: clusters articles labelled with their story (all or only some of them) and scores the
/// topics against the stories; with `--site`, scores the topics the site stored instead, matching articles by URL.
/// </summary>
internal sealed class EvalCommand : ICliCommand
{
    public string Name => "eval";
    public string Usage => "eval --input GOLD.jsonl [--runs N | --site]  score topics against articles labelled with \"story\" (the engine's on the file, or with --site the site's stored topics)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var input = CliArguments.Value(args, "--input");
        var runs = 1;
        var site = CliArguments.Has(args, "--site");
        if (input is null || !CliArguments.TryNumber(args, "--runs", ref runs, min: 1, max: 100) || (site && runs > 1))
        {
            await error.WriteLineAsync("Usage: eval --input GOLD.jsonl [--runs N | --site]   (N from 1 to 100)");
            return 2;
        }

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoryClustererOptions>>().Value;
        var lines = site
            ? await ClusterFile.TryReadAsync(input, requireStory: false, error, cancellationToken)
            : await ClusterFile.TryReadWhileWarmingAsync(input, requireStory: false, options, error, cancellationToken);
        if (lines is null)
        {
            return 1;
        }

        if (!lines.Any(l => !string.IsNullOrWhiteSpace(l.Story)))
        {
            await error.WriteLineAsync($"{input}: no line carries a \"story\" label, so there is nothing to score against.");
            return 1;
        }

        return site
            ? await ScoreSiteAsync(services, lines, output, cancellationToken)
            : await ScoreEngineAsync(services, lines, runs, output, error);
    }

    private static async Task<int> ScoreSiteAsync(IServiceProvider services, List<ClusterFileLine> lines, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var stored = await StoredTopics.LoadAsync(scope.ServiceProvider.GetRequiredService<Data.AppDbContext>(), cancellationToken);
        var stories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => !string.IsNullOrWhiteSpace(l.Story) && l.Url is not null))
        {
            stories.TryAdd(StoredTopics.Key(line.Url!), line.Story!);
        }

        var items = stored.Select(a => (Story: stories.GetValueOrDefault(StoredTopics.Key(a.Url)), a.Topic)).ToList();
        var matched = items.Count(i => i.Story is not null);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"stored articles     {items.Count} clustered; {matched} of them at one of the {stories.Count} labelled addresses of the file"));
        await WriteScoresAsync(output, items);
        return 0;
    }

    private static async Task<int> ScoreEngineAsync(IServiceProvider services, List<ClusterFileLine> lines, int runs, TextWriter output, TextWriter error)
    {
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
        await WriteScoresAsync(output, lines.Select((l, i) => (string.IsNullOrWhiteSpace(l.Story) ? null : l.Story, run.Topics[i])).ToList());
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
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

    // B-cubed and pairwise over the labelled articles; the strict story measure over all of them.
    private static async Task WriteScoresAsync(TextWriter output, List<(string? Story, string Topic)> items)
    {
        var scores = ClusterMetrics.Score(items.Where(i => i.Story is not null).Select(i => (i.Story!, i.Topic)).ToList());
        var strict = StoryMeasure.Score(items);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            articles            {strict.Items} ({strict.Labelled} labelled with {strict.Stories} stories)
            gold clusters       {scores.GoldClusters}
            predicted clusters  {scores.PredictedClusters} holding labelled articles, {items.Select(i => i.Topic).Distinct().Count()} in all
            B-cubed precision   {scores.BCubedPrecision:0.0000}
            B-cubed recall      {scores.BCubedRecall:0.0000}
            B-cubed F1          {scores.BCubedF1:0.0000}
            pairwise precision  {scores.PairwisePrecision:0.0000}
            pairwise recall     {scores.PairwiseRecall:0.0000}
            pairwise F1         {scores.PairwiseF1:0.0000}
            strict story F1     {strict.StrictF1:0.0000}
            median story share  {strict.MedianShare:0.0000}
            """));
    }
}
