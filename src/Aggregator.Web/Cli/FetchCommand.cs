using System.Globalization;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Cli;

/// <summary>`fetch`: refresh sources now, from the command line, exactly as the workers would, and print each outcome.</summary>
internal sealed class FetchCommand : ICliCommand
{
    public string Name => "fetch";
    public string Usage => "fetch [--all] [SOURCE...] fetch due sources now (--all: every enabled one; or the named slugs/ids)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            if (scope.ServiceProvider.GetRequiredService<IOptions<DataOptions>>().Value.MigrateOnStart)
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            }
        }

        var all = CliArguments.Has(args, "--all");
        var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (args.Any(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--all"))
        {
            await error.WriteLineAsync($"Usage: {Usage}");
            return 2;
        }

        List<(int Id, string Slug)> targets;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var query = db.Sources.AsNoTracking();
            if (names.Count > 0)
            {
                var ids = names.Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).ToList();
                query = query.Where(s => names.Contains(s.Slug) || ids.Contains(s.Id));
            }
            else
            {
                query = query.Where(s => s.Enabled && (all || s.NextCheckAt == null || s.NextCheckAt <= now));
            }

            targets = (await query.OrderBy(s => s.Id).Select(s => new { s.Id, s.Slug }).ToListAsync(cancellationToken))
                .Select(s => (s.Id, s.Slug)).ToList();
            var missing = names.Where(n => !targets.Any(t => t.Slug == n || t.Id.ToString(CultureInfo.InvariantCulture) == n)).ToList();
            if (missing.Count > 0)
            {
                await error.WriteLineAsync($"No such source: {string.Join(", ", missing)}");
                return 2;
            }
        }

        var failures = 0;
        var gate = new object();
        var parallelism = services.GetRequiredService<IOptions<IngestionOptions>>().Value.WorkerCount;
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (target, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<FeedRefresher>().RefreshAsync(target.Id, ct);
            var line = outcome switch
            {
                null => $"{target.Slug}: removed meanwhile",
                { Succeeded: true, Processed: { } p } => $"{target.Slug}: HTTP {outcome.HttpStatus}, {p.Items} items, {p.Added} new, {p.Updated} updated",
                { Succeeded: true } => $"{target.Slug}: HTTP {outcome.HttpStatus}, not modified",
                _ => $"{target.Slug}: FAILED {outcome.Error}",
            };
            lock (gate)
            {
                output.WriteLine(line);
                if (outcome is { Succeeded: false })
                {
                    failures++;
                }
            }
        });

        await output.WriteLineAsync($"{targets.Count} sources fetched, {failures} failed.");
        return failures == 0 ? 0 : 1;
    }
}
