using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering;

/// <summary>
/// Two processes with the cluster role on one database, played by two app instances whose clocks the tests move:
/// one leads, the other waits; when the leader stops renewing its lease the other takes over, restores the engine
/// from the open topics and goes on, and no article is clustered twice or left behind.
/// </summary>
public class LeadershipTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OneLeaderClustersAndAnotherTakesOverOnceItsLeaseRunsOut()
    {
        using var first = new AppFactory();
        using var second = new AppFactory();
        second.UseDatabaseOf(first);
        await first.WithDbAsync(async db =>
        {
            var wire = Source("Wire", tier: 1);
            var daily = Source("Daily");
            await AddAsync(db,
                Article(wire, "Acme unveils Quasar X9 electric truck with 800-mile range",
                    "Acme unveiled the Quasar X9 electric truck on Monday, promising an 800-mile range and deliveries next year.", Monday),
                Article(daily, "Acme's Quasar X9 electric truck promises 800 miles per charge",
                    "The Quasar X9, Acme's first electric truck, goes 800 miles per charge, the company said at its unveiling.", Monday.AddHours(1)),
                Article(Source("Ledger"), "Zorblatt Bank fined $50 million over money laundering failures",
                    "Regulators fined Zorblatt Bank $50 million for failing to stop money laundering through its accounts.", Monday.AddHours(3)));
        });

        Assert.True(await PassAsync(first));
        Assert.False(await PassAsync(second));
        Assert.Equal(0, await PendingAsync(first));

        await first.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Gazette"), "Quasar X9: Acme bets on a long-range electric truck",
                "Acme is betting its future on the Quasar X9 electric truck and its 800-mile battery range.", Monday.AddHours(4)),
            Article(Source("Courier"), "Regulators hit Zorblatt Bank with $50 million money laundering fine",
                "Zorblatt Bank must pay a $50 million fine after regulators found money laundering control failures.", Monday.AddHours(5))));

        // The leader stops renewing (it died). Before its lease ends the other still waits and clusters nothing.
        Advance(Lease - TimeSpan.FromSeconds(5), first, second);
        Assert.False(await PassAsync(second));
        Assert.Equal(2, await PendingAsync(first));

        Advance(TimeSpan.FromSeconds(10), first, second);
        Assert.True(await PassAsync(second));
        Assert.Equal(0, await PendingAsync(first));

        // The new leader restored the open topics: the later reports joined the stories the first leader began.
        await first.WithDbAsync(async db =>
        {
            var groups = await db.Articles.AsNoTracking().GroupBy(a => a.TopicId).Select(g => g.Select(a => a.Title).ToList()).ToListAsync();
            Assert.Equal(2, groups.Count);
            Assert.Contains(groups, g => g.Count == 3 && g.All(t => t.Contains("Quasar X9", StringComparison.Ordinal)));
            Assert.Contains(groups, g => g.Count == 2 && g.All(t => t.Contains("Zorblatt", StringComparison.Ordinal)));
            foreach (var topic in await db.Topics.AsNoTracking().Select(t => new { t.ArticleCount, Members = db.Articles.Count(a => a.TopicId == t.Id) }).ToListAsync())
            {
                Assert.Equal(topic.Members, topic.ArticleCount);
            }
        });

        // The old leader comes back: it no longer leads, and forgot its engine, so should it lead again it restores.
        Assert.False(await PassAsync(first));
        Assert.False(first.Services.GetRequiredService<ClusteringEngineState>().Restored);
    }

    [Fact]
    public async Task ALeaderWhoseLeaseWasTakenMidRunStoresNothing()
    {
        using var first = new AppFactory();
        using var second = new AppFactory();
        second.UseDatabaseOf(first);
        Assert.True(await PassAsync(first));
        await first.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Wire"), "Acme unveils Quasar X9 electric truck with 800-mile range", "Acme unveiled the Quasar X9 electric truck.", Monday),
            Article(Source("Ledger"), "Zorblatt Bank fined $50 million over money laundering failures", "Regulators fined Zorblatt Bank.", Monday.AddHours(1))));

        // The first leader was paused past its lease; the second took it meanwhile.
        Advance(Lease + TimeSpan.FromSeconds(1), first, second);
        Assert.True(await second.Services.GetRequiredService<ClusteringLeadership>().TryLeadAsync(CancellationToken.None));

        await using (var scope = first.Services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<ClusteringRunner>();
            runner.Leadership = first.Services.GetRequiredService<ClusteringLeadership>();
            await Assert.ThrowsAsync<LeadershipLostException>(() => runner.RunPendingAsync(CancellationToken.None));
        }

        Assert.Equal(2, await PendingAsync(first));
        Assert.Equal(0, await first.WithDbAsync(db => db.Topics.CountAsync()));
        Assert.True(await PassAsync(second));
        Assert.Equal(0, await PendingAsync(first));
    }

    [Fact]
    public async Task ALeaderThatStopsHandsTheLeaseOverAtOnce()
    {
        using var first = new AppFactory();
        using var second = new AppFactory();
        second.UseDatabaseOf(first);
        Assert.True(await PassAsync(first));
        Assert.False(await PassAsync(second));

        await first.Services.GetRequiredService<ClusteringLeadership>().StepDownAsync(CancellationToken.None);

        Assert.True(await PassAsync(second));
        Assert.False(await PassAsync(first));
    }

    private static Task<bool> PassAsync(AppFactory app) =>
        app.Services.GetServices<IHostedService>().OfType<ClusteringWorker>().Single().PassAsync(CancellationToken.None);

    private static Task<int> PendingAsync(AppFactory app) =>
        app.WithDbAsync(db => db.Articles.CountAsync(a => a.TopicId == null));

    private static void Advance(TimeSpan by, params AppFactory[] apps)
    {
        foreach (var app in apps)
        {
            app.Clock.Advance(by);
        }
    }
}
