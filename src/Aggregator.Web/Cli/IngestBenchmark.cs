using System.Diagnostics;
using System.Globalization;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Cli;

/// <summary>`bench ingest FOLDER`: imports the folder into a fresh temporary database and reports items per second.</summary>
internal sealed class IngestBenchmark : IBenchmark
{
    public string Name => "ingest";
    public string Usage => "ingest FOLDER [--runs N] [--stages]   items/s for parse + normalise + store into a fresh temporary database";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (folder is null || !Directory.Exists(folder))
        {
            await error.WriteLineAsync("Usage: bench ingest FOLDER [--runs N]");
            return 2;
        }

        if (CliArguments.Has(args, "--stages"))
        {
            await MeasureStagesAsync(services, folder, output);
            return 0;
        }

        var runs = int.TryParse(CliArguments.Value(args, "--runs"), out var n) ? Math.Clamp(n, 1, 20) : 3;
        var culture = CultureInfo.InvariantCulture;
        await output.WriteLineAsync($"Ingesting {Path.GetFullPath(folder)} {runs} times, each into a fresh temporary database (the first run includes JIT warm-up).");
        var best = 0.0;
        for (var run = 1; run <= runs; run++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var (summary, elapsed) = await RunOnceAsync(services, folder, cancellationToken);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var perSecond = summary.Items / elapsed.TotalSeconds;
            best = Math.Max(best, perSecond);
            var tick = (double)Stopwatch.Frequency;
            await output.WriteLineAsync(string.Format(culture,
                "run {0}: {1:N0} files, {2:N0} items ({3:N0} stored, {4:N0} errors) in {5:N2} s = {6:N0} items/s; " +
                "process CPU {10:N2} s ({11:N0} items per CPU-second); parse {7:N2} s + normalise {8:N2} s (summed over parallel workers), store {9:N2} s, " +
                "store waited for parsing {12:N2} s",
                run, summary.Files, summary.Items, summary.Added, summary.Errors.Count, elapsed.TotalSeconds, perSecond,
                summary.ParseTicks / tick, summary.NormalizeTicks / tick, summary.StoreTicks / tick, cpu.TotalSeconds, summary.Items / cpu.TotalSeconds,
                summary.WaitTicks / tick));
        }

        await output.WriteLineAsync(string.Format(culture, "best: {0:N0} items/s (parse + normalise + store) on {1} cores", best, Environment.ProcessorCount));
        return 0;
    }

    /// <summary>Parse and normalise alone, single-threaded, in process CPU time: stable even on a busy machine.</summary>
    private static async Task MeasureStagesAsync(IServiceProvider services, string folder, TextWriter output)
    {
        var bodies = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
        var parser = services.GetRequiredService<FeedParser>();
        var normalizer = services.GetRequiredService<ArticleNormalizer>();
        var feeds = new List<ParsedFeed>();
        foreach (var body in bodies)
        {
            try
            {
                feeds.Add(parser.Parse(body, null, null));
            }
            catch (FeedParseException)
            {
                // Counted as nothing; the import run reports these.
            }
        }

        var items = feeds.Sum(f => f.Items.Count);
        var now = DateTimeOffset.UtcNow;
        for (var round = 1; round <= 3; round++)
        {
            var start = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var body in bodies)
            {
                try
                {
                    parser.Parse(body, null, null);
                }
                catch (FeedParseException)
                {
                    // As above.
                }
            }

            var parsed = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var feed in feeds)
            {
                foreach (var item in feed.Items)
                {
                    normalizer.Normalize(item, feed, null, now);
                }
            }

            var normalized = Process.GetCurrentProcess().TotalProcessorTime;
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                "stages round {0}: {1:N0} items; parse {2:N2} s CPU ({3:N0} items/s), normalise {4:N2} s CPU ({5:N0} items/s), single thread",
                round, items, (parsed - start).TotalSeconds, items / (parsed - start).TotalSeconds,
                (normalized - parsed).TotalSeconds, items / (normalized - parsed).TotalSeconds));
        }
    }

    private static async Task<(ImportSummary Summary, TimeSpan Elapsed)> RunOnceAsync(IServiceProvider services, string folder, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "aggregator-bench-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(directory);
        try
        {
            var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "bench.db"), Pooling = true }.ToString();
            var dbOptions = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connection).AddInterceptors(services.GetRequiredService<SqlitePragmas>()).Options;
            await using var scope = services.CreateAsyncScope();
            await using var db = new AppDbContext(dbOptions);
            var seeders = scope.ServiceProvider.GetServices<IStartupSeeder>().Where(s => s is SourceSeeder or SearchIndexSeeder).ToList();
            await new DatabaseInitializer(db, seeders, services.GetRequiredService<ILogger<DatabaseInitializer>>()).InitializeAsync(cancellationToken);

            var time = services.GetRequiredService<TimeProvider>();
            var pipeline = new FeedPipeline(db, services.GetRequiredService<FeedParser>(), services.GetRequiredService<ArticleNormalizer>(), time,
                services.GetRequiredService<IOptions<FeedProcessingOptions>>(), services.GetRequiredService<ILogger<FeedPipeline>>());
            var importer = new FeedImporter(db, pipeline, time, services.GetRequiredService<ILogger<FeedImporter>>());
            var stopwatch = Stopwatch.StartNew();
            var summary = await importer.ImportAsync([folder], cancellationToken);
            return (summary, stopwatch.Elapsed);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }
}
