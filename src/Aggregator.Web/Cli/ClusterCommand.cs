using System.Globalization;
using System.Text.Json;
using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Web.Cli;

/// <summary>`cluster --input ARTICLES.jsonl --output ASSIGNMENTS.jsonl`: the engine over a file, no database.</summary>
internal sealed class ClusterCommand : ICliCommand
{
    public string Name => "cluster";
    public string Usage => "cluster --input A.jsonl --output B.jsonl   group JSON Lines articles into topics (no database)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var input = CliArguments.Value(args, "--input");
        var outputPath = CliArguments.Value(args, "--output");
        if (input is null || outputPath is null)
        {
            await error.WriteLineAsync("Usage: cluster --input ARTICLES.jsonl --output ASSIGNMENTS.jsonl");
            return 2;
        }

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoryClustererOptions>>().Value;
        var lines = await ClusterFile.TryReadWhileWarmingAsync(input, requireStory: false, options, error, cancellationToken);
        if (lines is null)
        {
            return 1;
        }

        var batch = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusteringOptions>>().Value.BatchSize;
        var run = ClusterFile.Run(services.GetRequiredService<IStoryClusterer>(), lines, batch);
        await using (var writer = new StreamWriter(outputPath))
        {
            for (var i = 0; i < lines.Count; i++)
            {
                await writer.WriteLineAsync($"{{\"id\":{JsonSerializer.Serialize(lines[i].Id)},\"cluster\":\"{run.Topics[i]}\"}}");
            }
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{lines.Count} articles into {run.Topics.Distinct().Count()} topics in {run.Elapsed.TotalSeconds:0.000} s: {run.ArticlesPerSecond:0} articles/s ({run.ArticlesPerProcessorSecond:0} per processor-second)"));
        return 0;
    }
}
