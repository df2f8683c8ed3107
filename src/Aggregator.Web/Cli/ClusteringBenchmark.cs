using System.Globalization;
using Aggregator.Web.Clustering;
using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Cli;

/// <summary>`bench clustering`: clusters every pending article of the database (e.g. after `import`) and prints the rate.</summary>
internal sealed class ClusteringBenchmark : IBenchmark
{
    public string Name => "clustering";
    public string Usage => "clustering              cluster the database's pending articles (after import) and print articles/s";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DataOptions>>().Value.MigrateOnStart)
        {
            // A fresh database gets its schema (and seeds) first, as `import` and `fetch` do.
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        }

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pending = await db.Articles.CountAsync(a => a.TopicId == null && a.ClusteredAt == null, cancellationToken);
        if (pending == 0)
        {
            await error.WriteLineAsync("No pending articles: import some first (e.g. `import ../shared/demo/feeds`).");
            return 1;
        }

        var result = await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(cancellationToken);
        var topics = await db.Topics.CountAsync(t => t.MergedIntoId == null && t.ArticleCount > 0, cancellationToken);
        var multi = await db.Topics.CountAsync(t => t.MergedIntoId == null && t.SourceCount > 1, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"clustered {result.Articles} articles into {topics} topics ({multi} multi-source, {result.Merges} merges) in {result.Elapsed.TotalSeconds:0.00} s: {result.ArticlesPerSecond:0} articles/s"));
        return 0;
    }
}
