using System.Text.Json;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Cli;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task EvalWithSiteScoresTheStoredTopicsCountingEveryMemberAndFollowingMerges()
    {
        using var factory = new AppFactory();
        var now = new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var source = new Source { Name = "Eval Wire", Slug = "eval-wire", FeedUrl = "https://wire.example.com/eval.xml", CreatedAt = now };
            db.Sources.Add(source);
            db.Topics.AddRange(
                new Topic { Id = "e0000000a1", Slug = "a", Headline = "A", CreatedAt = now },
                new Topic { Id = "e0000000a2", Slug = "a2", Headline = "A, a fragment", CreatedAt = now, MergedIntoId = "e0000000a1" },
                new Topic { Id = "e0000000b1", Slug = "b", Headline = "B", CreatedAt = now });
            Article Stored(string path, string topic) => new()
            {
                Source = source, Guid = path, Url = "https://news.example.com" + path, Title = path, ContentHash = path,
                PublishedAt = now, FetchedAt = now, UpdatedAt = now, TopicId = topic,
            };
            db.Articles.AddRange(Stored("/a", "e0000000a1"), Stored("/b", "e0000000a2"), Stored("/off", "e0000000a1"), Stored("/d", "e0000000b1"));
            await db.SaveChangesAsync();
        }

        // Story s1: two reports, one stored in a topic merged into the other; the topic also holds an off-story item.
        var input = Path.Combine(factory.DataDirectory, "gold.jsonl");
        await File.WriteAllTextAsync(input, """
            {"id":"1","title":"A","url":"https://news.example.com/a","story":"s1"}
            {"id":"2","title":"B","url":"http://NEWS.example.com/b/","story":"s1"}
            {"id":"3","title":"D","url":"https://news.example.com/d","story":"s2"}
            {"id":"4","title":"Off","url":"https://news.example.com/off"}
            """);

        var printed = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["eval", "--input", input, "--site"], printed, TextWriter.Null, CancellationToken.None));

        // s1: 2 of a 3-member topic (F1 0.8, share 2/3); s2: alone in its topic (1.0). Labelled B-cubed sees no fault.
        Assert.Matches(@"B-cubed F1 +1\.0000", printed.ToString());
        Assert.Matches(@"strict story F1 +0\.9000", printed.ToString());
        Assert.Matches(@"median story share +0\.8333", printed.ToString());
    }

    [Fact]
    public void FileLinesTakeTheirSourcesKindFromTheRegistryUnlessTheySayForThemselves()
    {
        var now = DateTimeOffset.UnixEpoch;
        Source[] registry =
        [
            new() { Name = "Forum", Slug = "forum", FeedUrl = "https://forum.example.com/rss", Kind = SourceKind.Community, CreatedAt = now },
            new() { Name = "Wire", Slug = "wire", FeedUrl = "https://wire.example.com/rss", Kind = SourceKind.Reporting, CreatedAt = now },
        ];
        List<ClusterFileLine> lines =
        [
            new() { Id = "1", Title = "t", Source = "forum" },
            new() { Id = "2", Title = "t", Source = "wire" },
            new() { Id = "3", Title = "t", Source = "unknown" },
            new() { Id = "4", Title = "t", Source = "forum", Community = false },
        ];

        ClusterFile.MarkCommunities(lines, registry);

        Assert.Equal([true, false, false, false], lines.Select(l => ClusterFile.ToInput(l).FromCommunity));
    }
}
