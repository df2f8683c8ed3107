using System.Globalization;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Aggregator.Tests.Clustering;

/// <summary>
/// A site stopped while it clusters a backlog and started again must end with the stories an uninterrupted run finds:
/// part of the demo week imported, clustered by the real runner and engine on SQLite, in one process or in two.
/// </summary>
public class RestartTests(ITestOutputHelper output)
{
    private const int BatchSize = 100;

    [Fact]
    public async Task ARestartMidBacklogGroupsTheStoriesAsAnUninterruptedRun()
    {
        var uninterrupted = await ClusterAsync(restartAfter: null);
        var restarted = await ClusterAsync(restartAfter: 3 * BatchSize);

        Assert.Equal(uninterrupted.Count, restarted.Count);
        var scores = ClusterMetrics.Score([.. uninterrupted.Select(a => (a.Value, restarted[a.Key]))]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scores.Items} articles: B-cubed precision {scores.BCubedPrecision:0.0000}, recall {scores.BCubedRecall:0.0000}, F1 {scores.BCubedF1:0.0000}; topics {scores.GoldClusters} uninterrupted, {scores.PredictedClusters} restarted"));
        Assert.True(scores.BCubedF1 >= 0.95, $"B-cubed F1 {scores.BCubedF1:0.0000} between the restarted and the uninterrupted run");
    }

    [Fact]
    public async Task ARestartTakesUpTheStoryPaceTheStreamTaught()
    {
        // The pace counts each join as first chosen, before the batch settles; stored topics hold only the settled
        // result, so a replay alone learns a different pace (a bin apart on this stream: 6 h 26 min for 5 h 24 min).
        using var first = await ImportAsync();
        await first.WithDbAsync(async db =>
        {
            var later = await db.Articles.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id).Skip(6 * BatchSize).Select(a => a.Id).ToListAsync();
            await db.Articles.Where(a => later.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.ClusteredAt, DateTimeOffset.UnixEpoch));
        });
        await RunAsync(first);
        using var second = new AppFactory();
        second.UseDatabaseOf(first);
        await RunAsync(second);

        var live = (StoryClusterer)first.Services.GetRequiredService<ClusteringEngineState>().Engine;
        var restored = (StoryClusterer)second.Services.GetRequiredService<ClusteringEngineState>().Engine;
        Assert.Equal(live.StoryPace, restored.StoryPace);
    }

    private static async Task<AppFactory> ImportAsync()
    {
        var app = new AppFactory();
        app.Settings["Clustering:BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture);
        var folders = Directory.GetDirectories(Path.Combine(Paths.Shared, "demo", "feeds")).Order(StringComparer.Ordinal).Take(20).ToArray();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync(folders, CancellationToken.None);
        return app;
    }

    /// <summary>Article (by feed and guid) to topic. With a restart, a second host on the same file takes the rest of the backlog.</summary>
    private static async Task<Dictionary<string, string>> ClusterAsync(int? restartAfter)
    {
        using var first = await ImportAsync();

        // The backlog past the stop waits, as articles the stopped process never reached (whole batches before it).
        var reached = DateTimeOffset.UnixEpoch;
        List<long> later = [];
        if (restartAfter is { } stop)
        {
            await first.WithDbAsync(async db =>
            {
                later = await db.Articles.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id).Skip(stop).Select(a => a.Id).ToListAsync();
                await db.Articles.Where(a => later.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.ClusteredAt, reached));
            });
        }

        await RunAsync(first);
        if (restartAfter is not null)
        {
            await first.WithDbAsync(db => db.Articles.Where(a => later.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.ClusteredAt, (DateTimeOffset?)null)));
            using var second = new AppFactory();
            second.UseDatabaseOf(first);
            second.Settings["Clustering:BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture);
            await RunAsync(second);
        }

        var topics = new Dictionary<string, string>(StringComparer.Ordinal);
        await first.WithDbAsync(async db =>
        {
            foreach (var a in await db.Articles.AsNoTracking().Select(a => new { a.Guid, a.Source!.FeedUrl, a.TopicId }).ToListAsync())
            {
                topics[a.FeedUrl + " " + a.Guid] = a.TopicId ?? throw new InvalidOperationException($"{a.Guid} was not clustered");
            }
        });
        return topics;
    }

    private static async Task RunAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
    }
}
