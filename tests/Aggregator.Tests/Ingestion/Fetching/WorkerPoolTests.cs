using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>The scheduler, the queue and the worker pool running inside the app against the loopback host.</summary>
public sealed class WorkerPoolTests : IAsyncLifetime
{
    private readonly FetchingAppFactory _app = new();
    private readonly List<Source> _sources = [];
    private HostileHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HostileHost.StartAsync();
        _app.Settings["Ingestion:WorkersEnabled"] = "true";
        _app.Settings["Ingestion:WorkerCount"] = "3";
        _app.Settings["Ingestion:AllowPrivateAddresses"] = "true";
        _app.Settings["Ingestion:SchedulerInterval"] = "00:01:00";
        _app.Settings["Ingestion:RequestTimeout"] = "00:00:20";
        _app.Settings["Ingestion:AttemptTimeout"] = "00:00:05";
        _app.Settings["Ingestion:MaxRetries"] = "0";
        _app.ExtraServices = services => services.AddSingleton<IStartupSeeder>(new SourcesSeeder(_sources));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _host.DisposeAsync();
    }

    private Source Add(string name, string path, Action<Source>? configure = null)
    {
        var source = new Source { Name = name, Slug = name, FeedUrl = _host.Url(path).AbsoluteUri };
        configure?.Invoke(source);
        _sources.Add(source);
        return source;
    }

    private async Task<Source> WaitForCheckAsync(string slug, DateTimeOffset? after = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using (var scope = _app.CreateScope(out var db))
            {
                var source = await db.Sources.AsNoTracking().SingleAsync(s => s.Slug == slug, timeout.Token);
                if (source.LastCheckedAt is { } checkedAt && (after is null || checkedAt > after))
                {
                    return source;
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    [Fact]
    public async Task SchedulerQueuesDueSourcesAndWorkersFetchThem()
    {
        Add("good-a", "/good?a");
        Add("good-b", "/gzip?b");
        Add("broken", "/server-error");
        Add("disabled", "/good?disabled", s => s.Enabled = false);
        Add("later", "/good?later", s => s.NextCheckAt = _app.Clock.GetUtcNow().AddMinutes(30));
        var start = _app.Clock.GetUtcNow();
        _ = _app.Services;

        var goodA = await WaitForCheckAsync("good-a");
        var goodB = await WaitForCheckAsync("good-b");
        var broken = await WaitForCheckAsync("broken");
        Assert.Equal(200, goodA.LastHttpStatus);
        Assert.Equal(200, goodB.LastHttpStatus);
        Assert.Equal(500, broken.LastHttpStatus);
        Assert.Equal(1, broken.ConsecutiveFailures);
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(3, await db.Articles.CountAsync(a => a.SourceId == goodA.Id));
            Assert.Equal(2, await db.Articles.CountAsync(a => a.SourceId == goodB.Id));
            Assert.Equal(0, await db.Articles.CountAsync(a => a.SourceId == broken.Id));
        });

        await _app.WithDbAsync(async db =>
        {
            Assert.Null((await db.Sources.SingleAsync(s => s.Slug == "disabled")).LastCheckedAt);
            Assert.Null((await db.Sources.SingleAsync(s => s.Slug == "later")).LastCheckedAt);
        });

        // Once its time comes, the next scheduler pass picks up the source that was not due yet.
        _app.Clock.Advance(TimeSpan.FromMinutes(31));
        var later = await WaitForCheckAsync("later");
        Assert.Equal(200, later.LastHttpStatus);
        Assert.Equal(start.AddMinutes(31), later.LastCheckedAt);
    }

    [Fact]
    public async Task FetchNowGoesThroughTheQueueOnceAtATime()
    {
        var slow = Add("slow", "/slow", s => s.NextCheckAt = _app.Clock.GetUtcNow().AddDays(1));
        var good = Add("manual", "/good?manual", s => s.NextCheckAt = _app.Clock.GetUtcNow().AddDays(1));
        var queue = _app.Services.GetRequiredService<IFeedRefreshQueue>();

        Assert.True(await queue.EnqueueAsync(slow.Id, CancellationToken.None));
        Assert.False(await queue.EnqueueAsync(slow.Id, CancellationToken.None));
        Assert.True(await queue.EnqueueAsync(good.Id, CancellationToken.None));

        var fetched = await WaitForCheckAsync("manual");
        Assert.Equal(200, fetched.LastHttpStatus);
        Assert.True(_app.Services.GetRequiredService<FeedRefreshQueue>().IsPending(slow.Id));
    }

    [Fact]
    public async Task ShutdownCancelsInFlightFetchesAndLeavesTheSourceDue()
    {
        var slow = Add("slow", "/slow");
        _ = _app.Services;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (_host.RequestsFor("/slow").Count == 0)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        var pool = _app.Services.GetServices<IHostedService>().OfType<FeedWorkerPool>().Single();
        await pool.StopAsync(CancellationToken.None);

        Assert.False(_app.Services.GetRequiredService<FeedRefreshQueue>().IsPending(slow.Id));
        await _app.WithDbAsync(async db =>
        {
            var stored = await db.Sources.SingleAsync(s => s.Id == slow.Id);
            Assert.Null(stored.LastCheckedAt);
            Assert.Null(stored.LastError);
            Assert.Equal(0, stored.ConsecutiveFailures);
            // Its lease is given back: due now, not when the lease would have run out.
            Assert.True(stored.NextCheckAt is null || stored.NextCheckAt <= _app.Clock.GetUtcNow(), $"next check {stored.NextCheckAt}");
        });
    }

    /// <summary>Runs last at start: quiets any sources seeded by the app, then adds the test's own.</summary>
    private sealed class SourcesSeeder(List<Source> sources) : IStartupSeeder
    {
        public int Order => int.MaxValue;

        public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            await db.Sources.ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, false), cancellationToken);
            db.Sources.AddRange(sources);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
