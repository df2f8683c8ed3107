using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Cli;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Ingestion;

public class ImportTests
{
    private static string ImportFolder => Path.Combine(Paths.TestData, "Ingestion", "import");

    [Fact]
    public async Task ImportVerbIngestsFoldersFilesAndReportsBrokenFilesWithoutStopping()
    {
        using var factory = new AppFactory();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(factory.Services, ["import", ImportFolder], output, error, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("Imported 4 files: 5 items, 4 added, 1 updated, 0 unchanged; 2 sources created; 1 errors.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("broken.xml: The address returned an HTML page, not a feed.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("4 articles wait for clustering", output.ToString(), StringComparison.Ordinal);

        await factory.WithDbAsync(async db =>
        {
            var blog = await db.Sources.Include(s => s.Articles).SingleAsync(s => s.FeedUrl == "https://blog.example.com/feed.xml");
            Assert.Equal("Example Blog", blog.Name);
            Assert.Equal("example-blog", blog.Slug);
            Assert.Equal(2, blog.Articles.Count);
            var first = blog.Articles.Single(a => a.Guid == "https://blog.example.com/?p=1");
            Assert.Equal("First post (corrected)", first.Title);
            Assert.Equal("https://blog.example.com/first", first.Url);
            Assert.Contains("href=\"https://blog.example.com/about\"", first.SummaryHtml, StringComparison.Ordinal);
            Assert.Null(first.TopicId);
            Assert.Equal(24 * 60, blog.PublishIntervalMinutes);

            var json = await db.Sources.Include(s => s.Articles).SingleAsync(s => s.Slug == "lone-json-feed");
            Assert.Equal(2, json.Articles.Count);
            Assert.DoesNotContain("script", json.Articles.Single(a => a.Guid == "1").SummaryHtml, StringComparison.OrdinalIgnoreCase);
            // No date in the feed: the fetch time stands in.
            Assert.Equal(factory.Clock.GetUtcNow(), json.Articles.Single(a => a.Guid == "2").PublishedAt);
        });
    }

    [Fact]
    public async Task ImportVerbAddsOpmlSubscriptionsAsSources()
    {
        using var factory = new AppFactory();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var opml = Path.Combine(Paths.TestData, "Ingestion", "subscriptions.opml");

        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["import", opml], output, error, CancellationToken.None));
        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["import", opml], output, error, CancellationToken.None));

        await factory.WithDbAsync(async db =>
        {
            var lab = await db.Sources.SingleAsync(s => s.FeedUrl == "https://lab.example.com/rss.xml");
            Assert.Equal("Example Lab", lab.Name);
            Assert.Equal("Labs", lab.Category);
            Assert.Equal(1, await db.Sources.CountAsync(s => s.FeedUrl == "https://another.example.net/feed"));
        });
    }

    [Fact]
    public async Task AFolderNamedAfterASourceIsThatSourcesFetches()
    {
        using var factory = new AppFactory();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var folder = Path.Combine(Paths.Shared, "demo", "feeds", "openai-news");

        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["import", folder], output, error, CancellationToken.None));

        Assert.Contains("0 sources created", output.ToString(), StringComparison.Ordinal);
        await factory.WithDbAsync(async db =>
            Assert.True(await db.Articles.AnyAsync(a => a.Source!.Slug == "openai-news")));
    }

    [SqliteFact]
    public async Task AnImportCheckpointsOnceAtTheEndAndLeavesTheConnectionsCheckpointSettingAsItWas()
    {
        using var factory = new AppFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var before = await PragmaAsync(connection, "PRAGMA wal_autocheckpoint");

        var summary = await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync([ImportFolder], CancellationToken.None);

        Assert.Equal(4, summary.Added);
        Assert.Equal(before, await PragmaAsync(connection, "PRAGMA wal_autocheckpoint"));
        // Everything the import wrote reached the database file: the WAL holds no frame a checkpoint has not copied.
        var checkpoint = await PragmaAsync(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        Assert.Equal(checkpoint[1], checkpoint[2]);
    }

    private static async Task<long[]> PragmaAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64)];
    }

    [Fact]
    public async Task ImportingTheDemoFeedsTwiceStoresEachArticleOnce()
    {
        using var factory = new AppFactory();
        var demo = Path.Combine(Paths.Shared, "demo", "feeds");
        int once;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var first = await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync([demo], CancellationToken.None);
            Assert.Empty(first.Errors);
            Assert.Equal(0, first.SourcesCreated);   // every demo folder matches a seeded source by slug
            once = await scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>().Articles.CountAsync();
            Assert.InRange(once, 9_000, 10_500);
            Assert.Equal(first.Added, once);
            // Write batches span sources: every article is indexed for search once, and every source that lists
            // two or more dated items has learned how often it publishes.
            var db = scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>();
            if (!TestDatabase.IsPostgres)
            {
                Assert.Equal(once, await db.Database.SqlQueryRaw<long>("SELECT count(*) AS Value FROM articles_fts_docsize").SingleAsync());
                Assert.Equal(0, await db.Database.SqlQueryRaw<long>("SELECT count(*) AS Value FROM articles_fts_pending").SingleAsync());
            }

            var learned = await db.Sources.CountAsync(s => s.PublishIntervalMinutes != null && s.Articles.Any());
            Assert.InRange(learned, 55, 62);
        }

        factory.Clock.Advance(TimeSpan.FromHours(1));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var second = await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync([demo], CancellationToken.None);
            Assert.Equal(0, second.Added);
            Assert.Equal(once, await scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>().Articles.CountAsync());
        }
    }
}
