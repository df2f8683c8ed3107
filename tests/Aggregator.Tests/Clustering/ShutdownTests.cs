using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Enrichment;
using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering;

/// <summary>A graceful stop in the middle of a clustering batch is an ordinary event, not a failure.</summary>
public sealed class ShutdownTests
{
    // SQLite only for now: on PostgreSQL the same stop still logs EF Core's "Failed executing DbCommand" at Error.
    [Aggregator.Tests.Infrastructure.SqliteFact]
    public async Task AStopMidBatchLogsOneLineAndNoErrorAndLeavesTheBatchForNextTime()
    {
        var storing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var app = new ClusteringAppFactory { DecorateUpdater = inner => new StoppingUpdater(inner, storing) };
        app.Settings["Clustering:WorkerEnabled"] = "true";
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            await AddAsync(db, Article(wire, "Zeta one", null, Monday), Article(wire, "Zeta two", null, Monday.AddHours(1)));
        });

        // The worker waits on the fake clock between passes: move it on until a batch is being stored.
        for (var i = 0; i < 600 && !storing.Task.IsCompleted; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(storing.Task, Task.Delay(50));
        }

        Assert.True(storing.Task.IsCompleted, "the worker never reached the store of a batch");
        var worker = app.Services.GetServices<IHostedService>().OfType<ClusteringWorker>().Single();
        await worker.StopAsync(CancellationToken.None);

        var log = ReadLog(app.DataDirectory);
        Assert.DoesNotContain("[ERR]", log, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", log, StringComparison.OrdinalIgnoreCase);
        Assert.True(log.Split('\n').Count(line => line.Contains("stopped by shutdown", StringComparison.Ordinal)) == 1, log);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Topics.CountAsync());
            Assert.Equal(2, await db.Articles.CountAsync(a => a.TopicId == null && a.ClusteredAt == null));
        });
    }

    private static string ReadLog(string dataDirectory)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(Path.Combine(dataDirectory, "logs")))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    /// <summary>Holds the batch's store open until the host stops, as a stop in the middle of a long batch would find it.</summary>
    private sealed class StoppingUpdater(ITopicUpdater inner, TaskCompletionSource storing) : ITopicUpdater
    {
        public async Task RecomputeAsync(AppDbContext db, IReadOnlyCollection<string> topicIds, CancellationToken cancellationToken)
        {
            storing.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            await inner.RecomputeAsync(db, topicIds, cancellationToken);
        }
    }
}
