using Aggregator.Tests.Infrastructure;
using Aggregator.Tests.Ingestion.Fetching;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests;

/// <summary>
/// Two fetching processes on one PostgreSQL database, played by two app instances: together they never run more
/// requests against one host than Ingestion:MaxConcurrentFetchesPerHost, as one process alone would not.
/// </summary>
public sealed class SharedHostCapTests : IAsyncLifetime
{
    private HostileHost _host = null!;

    public async Task InitializeAsync() => _host = await HostileHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TwoProcessesTogetherKeepThePerHostCap()
    {
        using var first = Process();
        using var second = Process();
        second.UseDatabaseOf(first);
        var sources = new List<Source>();
        await first.WithDbAsync(async db =>
        {
            for (var i = 0; i < 12; i++)
            {
                var slug = $"concurrent-{i}";
                sources.Add(db.Sources.Add(new Source { Name = slug, Slug = slug, FeedUrl = _host.Url($"/concurrent?n={i}").AbsoluteUri }).Entity);
            }

            await db.SaveChangesAsync();
        });

        // Each process fetches half of them at once; alone, each keeps to the cap of 2 (4 together without sharing).
        var outcomes = await Task.WhenAll(sources.Select((source, i) => RefreshAsync(i % 2 == 0 ? first : second, source.Id)));

        Assert.All(outcomes, o => Assert.True(o!.Succeeded, o.Error));
        Assert.InRange(_host.MaxConcurrent, 1, 2);
        await first.WithDbAsync(async db => Assert.Empty(db.Leases.Where(l => l.Name.StartsWith("host:")).ToList()));
    }

    private static AppFactory Process()
    {
        var app = new AppFactory();
        app.Settings["Ingestion:AllowPrivateAddresses"] = "true";
        app.Settings["Ingestion:MaxConcurrentFetchesPerHost"] = "2";
        return app;
    }

    private static async Task<RefreshOutcome?> RefreshAsync(AppFactory app, int sourceId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FeedRefresher>().RefreshAsync(sourceId, CancellationToken.None);
    }
}
