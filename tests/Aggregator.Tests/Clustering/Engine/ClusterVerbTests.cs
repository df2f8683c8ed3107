using System.Text.Json;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Cli;

namespace Aggregator.Tests.Clustering.Engine;

public class ClusterVerbTests
{
    private const string Articles = """
        {"id":"a","title":"Nvidia unveils Rubin AI chips at CES keynote","published":"2026-01-05T18:00:00Z","story":"s1"}
        {"id":"b","title":"Nvidia CES keynote: Rubin AI chips unveiled by Jensen Huang","published":"2026-01-05T19:00:00Z","story":"s1"}
        {"id":"c","title":"EU regulator opens inquiry into Grok image tool","published":"2026-01-06T09:00:00Z","story":"s2"}
        """;

    [Fact]
    public async Task ClusterWritesOneAssignmentPerArticleAndEvalScoresAgainstGold()
    {
        using var factory = new AppFactory();
        var input = Path.Combine(factory.DataDirectory, "in.jsonl");
        var output = Path.Combine(factory.DataDirectory, "out.jsonl");
        await File.WriteAllTextAsync(input, Articles);

        var code = await CommandLine.RunAsync(factory.Services, ["cluster", "--input", input, "--output", output], TextWriter.Null, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, code);
        var rows = (await File.ReadAllLinesAsync(output)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "b", "c"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{10}$", r.GetProperty("cluster").GetString()!));
        Assert.Equal(rows[0].GetProperty("cluster").GetString(), rows[1].GetProperty("cluster").GetString());
        Assert.NotEqual(rows[0].GetProperty("cluster").GetString(), rows[2].GetProperty("cluster").GetString());

        var printed = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["eval", "--input", input], printed, TextWriter.Null, CancellationToken.None));
        Assert.Contains("B-cubed", printed.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"second looks +0 looks, 0 moved to a story", printed.ToString());
    }

    [Fact]
    public async Task EvalRepeatsRunsForWarmThroughputAndRejectsABadCount()
    {
        using var factory = new AppFactory();
        var input = Path.Combine(factory.DataDirectory, "in.jsonl");
        await File.WriteAllTextAsync(input, Articles);

        var printed = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["eval", "--input", input, "--runs", "3"], printed, TextWriter.Null, CancellationToken.None));
        Assert.Contains("warm throughput", printed.ToString(), StringComparison.Ordinal);
        Assert.Contains("best of 2 later runs", printed.ToString(), StringComparison.Ordinal);

        var error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(factory.Services, ["eval", "--input", input, "--runs", "0"], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("--runs N", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInputFileFailsWithAReason()
    {
        using var factory = new AppFactory();
        var input = Path.Combine(factory.DataDirectory, "bad.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\":\"a\",\"title\":\"ok\",\"story\":\"s\"}\nnot json\n");
        var error = new StringWriter();

        var code = await CommandLine.RunAsync(factory.Services, ["eval", "--input", input], TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.False(string.IsNullOrWhiteSpace(error.ToString()));
    }
}
