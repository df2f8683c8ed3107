using System.Net;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Cli;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aggregator.Tests;

/// <summary>The copy-to-postgres verb moves the seeded demo site from SQLite to an empty PostgreSQL database.</summary>
public class CopyToPostgresTests
{
    [Fact]
    public async Task MovesTheDemoSiteWithEveryCountIdAndSequenceAndSearchWorksAfter()
    {
        using var sqlite = new AppFactory();
        sqlite.Settings.Remove("ConnectionStrings:Aggregator");
        sqlite.Settings["Data:Provider"] = nameof(DatabaseProvider.Sqlite);
        sqlite.Settings["Data:SeedDemoContent"] = "true";
        using (var client = sqlite.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        }

        // An app on a PostgreSQL database of its own, not started yet: the verb's target.
        using var postgres = new AppFactory();
        var target = postgres.Settings["ConnectionStrings:Aggregator"]!;
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandLine.RunAsync(sqlite.Services, ["copy-to-postgres", target], output, error, CancellationToken.None);

        Assert.True(exit == 0, error.ToString());
        var tables = new[] { "Sources", "Articles", "Topics", "Tags", "TopicTags", "AuditEntries", "AspNetUsers", "Leases", "CacheStamps" };
        await using var copy = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(target).Options);
        await sqlite.WithDbAsync(async db =>
        {
            Assert.True(await db.Articles.CountAsync() >= 60, "the demo site was seeded");
            foreach (var table in tables)
            {
                Assert.True(await CountAsync(db, table) == await CountAsync(copy, table), $"{table} rows differ");
            }

            Assert.Equal(await db.Articles.OrderBy(a => a.Id).Select(a => new { a.Id, a.TopicId, a.Guid, a.PublishedAt }).ToListAsync(),
                await copy.Articles.OrderBy(a => a.Id).Select(a => new { a.Id, a.TopicId, a.Guid, a.PublishedAt }).ToListAsync());
            Assert.Equal(await db.Topics.OrderBy(t => t.Id).Select(t => new { t.Id, t.LeadArticleId, t.Headline, t.ArticleCount }).ToListAsync(),
                await copy.Topics.OrderBy(t => t.Id).Select(t => new { t.Id, t.LeadArticleId, t.Headline, t.ArticleCount }).ToListAsync());

            // Sequences go on after the copied ids.
            var source = new Source { Name = "After the move", Slug = "after-the-move", FeedUrl = "https://after.example/feed" };
            copy.Sources.Add(source);
            await copy.SaveChangesAsync();
            Assert.Equal(await db.Sources.MaxAsync(s => s.Id) + 1, source.Id);
        });

        // A second copy into the same database is refused rather than mixed in.
        Assert.Equal(1, await CommandLine.RunAsync(sqlite.Services, ["copy-to-postgres", target], output, error, CancellationToken.None));
        Assert.Contains("already holds rows", error.ToString(), StringComparison.Ordinal);

        // The site started on the copy finds a story by its headline's words.
        var topic = await copy.Topics.Where(t => t.MergedIntoId == null && !t.IsHidden && t.SourceCount > 1).OrderByDescending(t => t.Importance).FirstAsync();
        using var site = postgres.CreateClient();
        var results = await site.GetStringAsync(new Uri("/search?q=" + Uri.EscapeDataString(topic.Headline), UriKind.Relative));
        Assert.Contains($"/topics/{topic.Id}", results, StringComparison.Ordinal);
    }

    private static async Task<long> CountAsync(AppDbContext db, string table)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
