using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Aggregator.Tests;

/// <summary>
/// The site on one PostgreSQL database as several machines would run it: two web processes and two worker processes
/// (fetch and cluster), real processes of the built app, fetching the demo week's snapshots from a loopback feed host.
/// The clustering leader is killed (SIGKILL) in the middle of the backlog; the other worker takes over.
/// </summary>
public sealed partial class MultiProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int HostCap = 2;
    private const int BatchSize = 25;
    private readonly List<SiteProcess> _processes = [];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aggregator-tests", "multi-" + Guid.NewGuid().ToString("n"));
    private readonly string _database = $"aggregator_multi_{Guid.NewGuid():n}";
    private FeedHost _feeds = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        if (TestDatabase.Unavailable is not null)
        {
            return;
        }

        Directory.CreateDirectory(_root);
        _feeds = await FeedHost.StartAsync(Path.Combine(Paths.Shared, "demo", "feeds"));
        _connectionString = TestDatabase.Create(_database);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        if (TestDatabase.Unavailable is not null)
        {
            return;
        }

        await _feeds.DisposeAsync();
        TestDatabase.Drop(_database);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task TwoWebAndTwoWorkerProcessesShareOneDatabaseAndSurviveTheLeadersDeath()
    {
        var migrate = Start("migrate", "migrate");
        Assert.True(await migrate.WaitForExitAsync(TimeSpan.FromMinutes(4)), migrate.Log());
        Assert.True(migrate.ExitCode == 0, migrate.Log());
        var feeds = await AddSourcesAsync();

        var workers = new[] { Start("worker-1", null, "fetch,cluster"), Start("worker-2", null, "fetch,cluster") };
        var webs = new[] { Start("web-1", null, "web"), Start("web-2", null, "web") };

        // Mid-backlog: every source fetched, several batches clustered (open topics to restore), more waiting.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        SiteProcess? leader = null;
        while (leader is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the backlog never got under way:\n" + string.Join("\n", workers.Select(w => w.Log())));
            await Task.Delay(100);
            var state = await ReadAsync();
            Assert.False(state.Fetched == feeds && state.Pending == 0 && state.Clustered > 0, "the backlog was clustered before the leader could be stopped");
            if (state.Fetched == feeds && state.Pending > 0 && state.Clustered >= 10 * BatchSize && state.LeaderPid is { } pid)
            {
                leader = workers.SingleOrDefault(w => w.Id == pid);
            }
        }

        var survivor = workers.Single(w => w != leader);
        var pendingAtKill = (await ReadAsync()).Pending;
        leader.Kill();
        output.WriteLine($"SIGKILL to the leader {leader.Name} with {pendingAtKill} articles waiting");

        deadline = DateTime.UtcNow.AddMinutes(5);
        var takeover = Stopwatch.StartNew();
        TimeSpan? tookOver = null;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, "the backlog was not finished after the leader died:\n" + survivor.Log());
            await Task.Delay(200);
            var state = await ReadAsync();
            if (state.LeaderPid == survivor.Id)
            {
                tookOver ??= takeover.Elapsed;
            }

            if (state.Pending == 0 && tookOver is not null)
            {
                break;
            }
        }

        output.WriteLine($"{survivor.Name} led clustering {tookOver!.Value.TotalSeconds:0.0} s after the kill");
        Assert.True(tookOver < TimeSpan.FromMinutes(1), $"takeover after {tookOver}");

        // No source fetched twice in its due window, and the host never saw more than its cap from both workers.
        Assert.Equal(feeds, _feeds.Requests.Count);
        Assert.All(_feeds.Requests, r => Assert.True(r.Value == 1, $"{r.Key} fetched {r.Value} times"));
        Assert.InRange(_feeds.MaxConcurrent, 1, HostCap);

        await using (var db = Open())
        {
            Assert.Empty(await db.Articles.GroupBy(a => new { a.SourceId, a.Guid }).Where(g => g.Count() > 1).Select(g => g.Key.Guid).ToListAsync());
            Assert.Equal(0, await db.Articles.CountAsync(a => a.TopicId == null));
            var topics = await db.Topics.AsNoTracking()
                .Select(t => new { t.Id, t.ArticleCount, t.MergedIntoId, Members = db.Articles.Count(a => a.TopicId == t.Id) }).ToListAsync();
            Assert.All(topics.Where(t => t.MergedIntoId is null), t => Assert.True(t.ArticleCount == t.Members, $"topic {t.Id}: {t.ArticleCount} counted, {t.Members} members"));
            Assert.All(topics.Where(t => t.MergedIntoId is not null), t => Assert.True(t.Members == 0, $"merged topic {t.Id} still holds {t.Members} articles"));
            output.WriteLine($"{await db.Articles.CountAsync()} articles in {topics.Count(t => t.MergedIntoId is null)} topics");
        }

        // Both web processes served pages while the workers clustered; within the cache sync interval both show the end.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var pages = new List<List<string>>();
        foreach (var web in webs)
        {
            using var client = new HttpClient { BaseAddress = new Uri(await web.AddressAsync()) };
            pages.Add([.. TopicLink().Matches(await client.GetStringAsync(new Uri("/", UriKind.Relative))).Select(m => m.Value)]);
        }

        Assert.NotEmpty(pages[0]);
        Assert.Equal(pages[0], pages[1]);
    }

    private sealed record SiteState(int Fetched, int Pending, int Clustered, int? LeaderPid);

    private async Task<SiteState> ReadAsync()
    {
        await using var db = Open();
        var fetched = await db.Sources.CountAsync(s => s.LastCheckedAt != null);
        var pending = await db.Articles.CountAsync(a => a.TopicId == null);
        var clustered = await db.Articles.CountAsync(a => a.TopicId != null);
        var holder = await db.Leases.Where(l => l.Name == ClusteringLeadership.LeaseName).Select(l => l.Holder).FirstOrDefaultAsync();
        int? pid = holder?.Split('/') is [_, var id, ..] ? int.Parse(id, CultureInfo.InvariantCulture) : null;
        return new SiteState(fetched, pending, clustered, pid);
    }

    // The first and the last day of each demo feed, each a source of its own.
    private async Task<int> AddSourcesAsync()
    {
        await using var db = Open();
        await db.Sources.ExecuteDeleteAsync();
        foreach (var folder in Directory.GetDirectories(Path.Combine(Paths.Shared, "demo", "feeds")).Order(StringComparer.Ordinal))
        {
            var days = Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal).ToList();
            foreach (var day in new[] { days[0], days[^1] }.Distinct())
            {
                var path = $"{Path.GetFileName(folder)}/{Path.GetFileName(day)}";
                var slug = Path.GetFileName(folder) + "-" + Path.GetFileNameWithoutExtension(day);
                db.Sources.Add(new Source { Name = slug, Slug = slug, FeedUrl = _feeds.Url(path), CreatedAt = DateTimeOffset.UtcNow });
            }
        }

        await db.SaveChangesAsync();
        return await db.Sources.CountAsync();
    }

    private PostgresDbContext Open() =>
        new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(_connectionString).Options);

    private SiteProcess Start(string name, string? verb, string? roles = null)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        // The build the tests run in (bin/Debug/net10.0 -> Debug).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var app = Path.Combine(Paths.RepositoryRoot, "src", "Aggregator.Web", "bin", configuration, "net10.0", "Aggregator.Web.dll");
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Aggregator"] = _connectionString,
            ["Data__Provider"] = "Postgres",
            ["Data__MigrateOnStart"] = "false",
            ["Data__SeedDemoContent"] = "false",
            ["Roles"] = roles ?? "all",
            ["Ingestion__AllowPrivateAddresses"] = "true",
            ["Ingestion__SchedulerInterval"] = "00:00:01",
            ["Ingestion__MaxConcurrentFetchesPerHost"] = HostCap.ToString(CultureInfo.InvariantCulture),
            ["Clustering__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            ["Clustering__PollInterval"] = "00:00:01",
            ["Clustering__LeaderLease"] = "00:00:06",
            ["Reader__CacheSyncInterval"] = "00:00:00.500",
        };
        var process = SiteProcess.Start(name, app, verb is null ? ["--urls", "http://127.0.0.1:0"] : [verb], folder, settings);
        _processes.Add(process);
        return process;
    }

    [GeneratedRegex("""href="/topics/[^"]+""")]
    private static partial Regex TopicLink();

    /// <summary>One process of the built app, its output kept for the assertions' messages.</summary>
    private sealed partial class SiteProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        private SiteProcess(string name, Process process)
        {
            Name = name;
            _process = process;
        }

        public string Name { get; }

        public int Id => _process.Id;

        public int ExitCode => _process.ExitCode;

        public static SiteProcess Start(string name, string app, string[] args, string folder, Dictionary<string, string> settings)
        {
            var info = new ProcessStartInfo("dotnet", [app, .. args])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment.Remove("DOTNET_ENVIRONMENT");
            foreach (var (key, value) in settings)
            {
                info.Environment[key] = value;
            }

            var site = new SiteProcess(name, new Process { StartInfo = info });
            site._process.OutputDataReceived += (_, e) => site.Keep(e.Data);
            site._process.ErrorDataReceived += (_, e) => site.Keep(e.Data);
            site._process.Start();
            site._process.BeginOutputReadLine();
            site._process.BeginErrorReadLine();
            return site;
        }

        private void Keep(string? line)
        {
            if (line is not null)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }

        public string Log()
        {
            lock (_lines)
            {
                return $"--- {Name} ---\n" + string.Join('\n', _lines.TakeLast(60));
            }
        }

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public async Task<string> AddressAsync()
        {
            for (var waited = 0; waited < 2400 && !_process.HasExited; waited++)
            {
                lock (_lines)
                {
                    if (_lines.Select(l => Listening().Match(l)).FirstOrDefault(m => m.Success) is { } match)
                    {
                        return match.Value;
                    }
                }

                await Task.Delay(100);
            }

            throw new InvalidOperationException("The process did not start listening:\n" + Log());
        }

        /// <summary>SIGKILL: no shutdown, no lease handed over.</summary>
        public void Kill() => _process.Kill(entireProcessTree: true);

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
        private static partial Regex Listening();
    }

    /// <summary>A loopback host serving the demo snapshots, counting requests per feed and requests at once.</summary>
    private sealed class FeedHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _folder;
        private int _inFlight;
        private int _maxInFlight;

        private FeedHost(WebApplication app, string folder)
        {
            _app = app;
            _folder = folder;
        }

        public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

        public int MaxConcurrent => Volatile.Read(ref _maxInFlight);

        private string BaseUrl { get; set; } = "";

        public string Url(string path) => BaseUrl + "/" + path;

        public static async Task<FeedHost> StartAsync(string folder)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var host = new FeedHost(app, folder);
            app.Run(host.ServeAsync);
            await app.StartAsync();
            host.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return host;
        }

        private async Task ServeAsync(HttpContext context)
        {
            var path = context.Request.Path.Value!.TrimStart('/');
            Requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            try
            {
                var file = Path.GetFullPath(Path.Combine(_folder, path));
                if (!file.StartsWith(_folder, StringComparison.Ordinal) || !File.Exists(file))
                {
                    context.Response.StatusCode = 404;
                    return;
                }

                // Slow enough for the two workers' fetches to meet at the host.
                await Task.Delay(20, context.RequestAborted);
                context.Response.ContentType = "application/xml";
                await context.Response.SendFileAsync(file, context.RequestAborted);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
