using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Pages;

/// <summary>
/// Two web processes on one database, played by two app instances: a page one of them cached reflects a clustering
/// batch run by the other once it has read the cache stamps (every Reader:CacheSyncInterval).
/// </summary>
public class CacheCoherenceTests
{
    private const string Headline = "Acme unveils Quasar X9 electric truck with 800-mile range";

    [Fact]
    public async Task APageCachedByOneProcessShowsAClusteringBatchOfAnother()
    {
        using var worker = new AppFactory();
        using var web = new AppFactory();
        web.UseDatabaseOf(worker);
        using var client = web.CreateClient();
        await ClusterAStoryElsewhereAsync(worker, client);

        // The web process still serves the page it cached: nothing told it yet.
        Assert.DoesNotContain(Headline, await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);

        var evicted = await web.Services.GetServices<IHostedService>().OfType<CacheStampWatcher>().Single().SyncAsync(CancellationToken.None);

        Assert.Contains(CacheTags.Topics, evicted);
        Assert.Contains(Headline, await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        // Read once, a stamp evicts once.
        Assert.Empty(await web.Services.GetServices<IHostedService>().OfType<CacheStampWatcher>().Single().SyncAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TheWatcherEvictsOnItsOwnWithinItsInterval()
    {
        using var worker = new AppFactory();
        using var web = new AppFactory();
        web.UseDatabaseOf(worker);
        using var client = web.CreateClient();
        await ClusterAStoryElsewhereAsync(worker, client);

        var shown = false;
        for (var i = 0; i < 100 && !shown; i++)
        {
            web.Clock.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(50);
            shown = (await client.GetStringAsync(new Uri("/", UriKind.Relative))).Contains(Headline, StringComparison.Ordinal);
        }

        Assert.True(shown, "the web process never evicted its cached front page");
    }

    // The web process caches its front page, then the worker process clusters a story.
    private static async Task ClusterAStoryElsewhereAsync(AppFactory worker, HttpClient web)
    {
        Assert.DoesNotContain(Headline, await web.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        await worker.WithDbAsync(async db => await AddAsync(db, Article(Source("Wire"), Headline, "Acme unveiled the Quasar X9 electric truck on Monday.", Monday)));
        await using var scope = worker.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
    }
}
