using System.Globalization;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Cli;

internal sealed class ImportCommand : ICliCommand
{
    public string Name => "import";
    public string Usage => "import PATH...          ingest feed files, folders of them (a subfolder = one source's fetches) and OPML";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            await error.WriteLineAsync("Usage: import PATH...");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var summary = await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync(args, cancellationToken);
        await WriteSummaryAsync(summary, output, error);

        // Clustering belongs to the site's one clustering worker, which keeps the open topics in memory: a second
        // engine in this process would found topics the site's engine never learns of. Say where the articles went.
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var waiting = await db.Articles.CountAsync(a => a.TopicId == null && a.ClusteredAt == null, cancellationToken);
        if (waiting > 0)
        {
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                "{0:N0} articles wait for clustering: the site's clustering worker groups them into topics when the site runs.", waiting));
        }

        return summary.Errors.Count == 0 ? 0 : 1;
    }

    internal static async Task WriteSummaryAsync(ImportSummary summary, TextWriter output, TextWriter error)
    {
        var culture = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Format(culture,
            "Imported {0:N0} files: {1:N0} items, {2:N0} added, {3:N0} updated, {4:N0} unchanged; {5:N0} sources created; {6:N0} errors.",
            summary.Files, summary.Items, summary.Added, summary.Updated, summary.Unchanged, summary.SourcesCreated, summary.Errors.Count));
        foreach (var failure in summary.Errors)
        {
            await error.WriteLineAsync($"  {failure.Path}: {failure.Message}");
        }
    }
}
