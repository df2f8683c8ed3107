using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Enrichment;
using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog.Events;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering;

/// <summary>A graceful stop in the middle of a clustering batch is an ordinary event, not a failure.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task AStopMidBatchLogsNoWarningKeepsTheStoredBatchesAndTheNextStartClustersTheRest()
    {
        // The next start's host writes the backlog first (its worker is off), so the stopping host's worker finds all of
        // it at its first pass: two batches of two, the first stored, the second held open while it is being stored.
        using var next = new ClusteringAppFactory();
        await next.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            await AddAsync(db,
                Article(wire, "Zeta one", null, Monday), Article(wire, "Omega one", null, Monday.AddHours(1)),
                Article(wire, "Zeta two", null, Monday.AddHours(2)), Article(wire, "Omega two", null, Monday.AddHours(3)));
        });
        var holding = new HoldingUpdater(passing: 1);
        using var app = new ClusteringAppFactory { DecorateUpdater = holding.Wrap };
        app.UseDatabaseOf(next);
        app.Settings["Clustering:WorkerEnabled"] = "true";
        app.Settings["Clustering:BatchSize"] = "2";
        _ = app.Services;
        await holding.Held.WaitAsync(TimeSpan.FromMinutes(2));

        // The lease falls due for renewal while the batch is being stored. The fake clock runs what falls due on the
        // thread that moves it, so the renewal has been tried (or left to the batch) when this returns.
        app.Clock.Advance(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusteringOptions>>().Value.LeaderLease / 3);
        await app.StopAsync();

        var log = app.Log.Lines(LogEventLevel.Information);
        Assert.Empty(app.Log.Lines(LogEventLevel.Warning));
        Assert.DoesNotContain(log, line => line.Contains("lease", StringComparison.OrdinalIgnoreCase) && !line.Contains("leads clustering now", StringComparison.Ordinal));
        Assert.Single(log, line => line.Contains("stopped by shutdown and rolled back", StringComparison.Ordinal));
        Assert.Equal(["Zeta one"], await StoriesAsync(next, "Zeta"));
        Assert.Equal(["Omega one"], await StoriesAsync(next, "Omega"));
        Assert.Equal(2, await next.WithDbAsync(db => db.Articles.CountAsync(a => a.TopicId == null && a.ClusteredAt == null)));
        Assert.Equal(2, await next.WithDbAsync(db => db.Topics.CountAsync()));

        // The stopped leader handed the lease over; the next start takes it and clusters the rest into the same stories.
        Assert.True(await next.Services.GetServices<IHostedService>().OfType<ClusteringWorker>().Single().PassAsync(CancellationToken.None));
        Assert.Equal(["Zeta one", "Zeta two"], await StoriesAsync(next, "Zeta"));
        Assert.Equal(["Omega one", "Omega two"], await StoriesAsync(next, "Omega"));
        await next.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Articles.CountAsync(a => a.TopicId == null));
            var topics = await db.Topics.AsNoTracking().Select(t => new { t.ArticleCount, Members = db.Articles.Count(a => a.TopicId == t.Id) }).ToListAsync();
            Assert.Equal(2, topics.Count);
            Assert.All(topics, t => Assert.Equal(t.Members, t.ArticleCount));
        });
        Assert.Empty(next.Log.Lines(LogEventLevel.Warning));
    }

    /// <summary>The titles of the one topic whose articles' titles start with <paramref name="word"/>, in order.</summary>
    private static Task<List<string>> StoriesAsync(AppFactory app, string word) => app.WithDbAsync(async db =>
    {
        var topics = await db.Articles.AsNoTracking().Where(a => a.Title.StartsWith(word) && a.TopicId != null).Select(a => a.TopicId).Distinct().ToListAsync();
        var topic = Assert.Single(topics);
        return await db.Articles.AsNoTracking().Where(a => a.TopicId == topic).OrderBy(a => a.PublishedAt).Select(a => a.Title).ToListAsync();
    });

    /// <summary>Lets the first batches through, then holds the next one's store open until the host stops, as a stop in the middle of a long batch finds it.</summary>
    private sealed class HoldingUpdater(int passing)
    {
        private readonly int _passing = passing;
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public Task Held => _held.Task;

        public ITopicUpdater Wrap(ITopicUpdater inner) => new Holding(inner, this);

        private sealed class Holding(ITopicUpdater inner, HoldingUpdater owner) : ITopicUpdater
        {
            public async Task RecomputeAsync(AppDbContext db, IReadOnlyCollection<string> topicIds, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref owner._calls) > owner._passing)
                {
                    owner._held.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                await inner.RecomputeAsync(db, topicIds, cancellationToken);
            }

            // Every batch recomputes once (its list may be empty), so the count above is a count of batches.
            public Task ComposeAsync(AppDbContext db, IReadOnlyList<(Aggregator.Web.Model.Topic Topic, IReadOnlyList<Aggregator.Web.Model.Article> Members)> topics,
                CancellationToken cancellationToken) => inner.ComposeAsync(db, topics, cancellationToken);
        }
    }
}
