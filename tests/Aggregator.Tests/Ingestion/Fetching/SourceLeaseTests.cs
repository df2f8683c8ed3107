using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>Several processes on one database claim due sources with a lease (SourceLeases).</summary>
public class SourceLeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private static async Task<List<int>> ClaimAsync(AppFactory process, DateTimeOffset now, int count)
    {
        await using var scope = process.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await SourceLeases.ClaimDueAsync(db, now, Lease, count, CancellationToken.None);
    }

    private static async Task<List<int>> MakeEverySourceDueAsync(AppFactory factory)
    {
        var ids = new List<int>();
        await factory.WithDbAsync(async db =>
        {
            await db.Sources.ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, true).SetProperty(x => x.NextCheckAt, (DateTimeOffset?)null));
            ids = await db.Sources.Select(s => s.Id).ToListAsync();
        });
        Assert.True(ids.Count > 20, "the seeded sources give the processes something to share");
        return ids;
    }

    [Fact]
    public async Task TwoProcessesClaimingAtOnceNeverGetTheSameSource()
    {
        using var first = new AppFactory();
        using var second = new AppFactory();
        second.UseDatabaseOf(first);
        var all = await MakeEverySourceDueAsync(first);
        var now = first.Clock.GetUtcNow();

        var claimed = new List<int>();
        for (var round = 0; round < 50; round++)
        {
            var both = await Task.WhenAll(ClaimAsync(first, now, 7), ClaimAsync(second, now, 7));
            if (both[0].Count + both[1].Count == 0)
            {
                break;
            }

            claimed.AddRange(both[0]);
            claimed.AddRange(both[1]);
        }

        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(all.Order(), claimed.Order());
    }

    [Fact]
    public async Task AClaimedSourceIsDueAgainOnlyWhenItsLeaseRunsOut()
    {
        using var factory = new AppFactory();
        var all = await MakeEverySourceDueAsync(factory);
        var now = factory.Clock.GetUtcNow();

        Assert.Equal(all.Order(), (await ClaimAsync(factory, now, 1_000)).Order());
        Assert.Empty(await ClaimAsync(factory, now.AddMinutes(9), 1_000));

        // The claiming process died without fetching: after the lease, any process takes the sources.
        Assert.Equal(all.Order(), (await ClaimAsync(factory, now + Lease, 1_000)).Order());
    }

    [Fact]
    public async Task TheMostOverdueSourcesAreClaimedFirstAndDisabledOnesNever()
    {
        using var factory = new AppFactory();
        var all = await MakeEverySourceDueAsync(factory);
        var now = factory.Clock.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            await db.Sources.Where(s => s.Id == all[0]).ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, false));
            await db.Sources.Where(s => s.Id != all[1]).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextCheckAt, now.AddMinutes(-5)));
            await db.Sources.Where(s => s.Id == all[2]).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextCheckAt, now.AddDays(-2)));
            await db.Sources.Where(s => s.Id == all[3]).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextCheckAt, now.AddMinutes(5)));
        });

        // Never checked first, then the longest overdue.
        Assert.Equal([all[1], all[2]], await ClaimAsync(factory, now, 2));
        var rest = await ClaimAsync(factory, now, 1_000);
        Assert.DoesNotContain(all[0], rest);
        Assert.DoesNotContain(all[3], rest);
        Assert.Equal(all.Count - 4, rest.Count);
    }
}
