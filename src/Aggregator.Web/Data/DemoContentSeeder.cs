using Aggregator.Web.Clustering;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Data;

/// <summary>
/// First run on an empty database: imports the bundled demo snapshots (seeds/demo) through the normal ingestion
/// pipeline and clusters them, so a fresh install shows a living site with no network.
/// </summary>
internal sealed class DemoContentSeeder(
    IServiceProvider services, IOptions<DataOptions> options, IOptions<ClusteringOptions> clustering, IHostEnvironment environment,
    ILogger<DemoContentSeeder> logger) : IStartupSeeder
{
    // After sources (10), tags (20) and the search index (5) exist.
    public int Order => 100;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!(options.Value.SeedDemoContent ?? environment.IsDevelopment()) || await db.Articles.AnyAsync(cancellationToken))
        {
            return;
        }

        var folder = Path.Combine(clustering.Value.ResolveSeedsDirectory(), "demo");
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("No demo content at {Folder}; starting with an empty site", folder);
            return;
        }

        var summary = await services.GetRequiredService<FeedImporter>().ImportAsync([folder], cancellationToken);
        var run = await services.GetRequiredService<ClusteringRunner>().RunPendingAsync(cancellationToken);
        logger.LogInformation("Demo content: {Added} articles from {Files} files, {Topics} topics (the remove-demo verb takes them out)",
            summary.Added, summary.Files, run.NewTopics);
    }
}
