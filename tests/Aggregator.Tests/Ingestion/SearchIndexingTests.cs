using System.Text;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Ingestion;

/// <summary>The article search index stays exactly in step with the Articles table, however articles are written.</summary>
public class SearchIndexingTests
{
    private static async Task<List<long>> MatchAsync(AppDbContext db, string term) =>
        await db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM articles_fts WHERE articles_fts MATCH {term} ORDER BY rowid").ToListAsync();

    /// <summary>FTS5's own check that the index holds exactly the Title and Text of every Articles row; throws otherwise.</summary>
    private static async Task AssertIndexMatchesTableAsync(AppDbContext db)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Equal(0, await db.Database.SqlQuery<long>($"SELECT count(*) AS Value FROM articles_fts_pending").SingleAsync());
        Assert.Equal(0, await db.Database.SqlQuery<long>($"SELECT count(*) AS Value FROM articles_fts_deferral").SingleAsync());
    }

    [Fact]
    public async Task ImportedArticlesAreSearchableIncludingOnesCorrectedLaterInTheSameBatch()
    {
        using var factory = new AppFactory();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // Two successive fetches of one source share a batch: the second corrects the first post's title
            // while the post is still waiting to be indexed.
            var folder = Path.Combine(Paths.TestData, "Ingestion", "import", "example-blog");
            var summary = await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync([folder], CancellationToken.None);
            Assert.Equal((3, 2, 1), (summary.Items, summary.Added, summary.Updated));
        }

        await factory.WithDbAsync(async db =>
        {
            var first = await db.Articles.SingleAsync(a => a.Guid == "https://blog.example.com/?p=1");
            var second = await db.Articles.SingleAsync(a => a.Guid == "https://blog.example.com/?p=2");
            Assert.Equal([first.Id], await MatchAsync(db, "corrected"));
            Assert.Equal([second.Id], await MatchAsync(db, "another"));
            Assert.Equal([first.Id, second.Id], await MatchAsync(db, "post"));
            await AssertIndexMatchesTableAsync(db);
        });
    }

    [Fact]
    public async Task RefetchedChangesReplaceTheIndexedWords()
    {
        using var factory = new AppFactory();
        await factory.WithDbAsync(async db =>
        {
            db.Sources.Add(new Source { Name = "Pipe", Slug = "pipe", FeedUrl = "https://pipe.example/feed" });
            await db.SaveChangesAsync();
        });

        async Task FetchAsync(string title, string body)
        {
            await using var scope = factory.CreateScope(out var db);
            var source = await db.Sources.SingleAsync(s => s.Slug == "pipe");
            var feed = "<rss version=\"2.0\"><channel><title>Pipe</title><link>https://pipe.example/</link>" +
                $"<item><guid>g1</guid><link>https://pipe.example/1</link><title>{title}</title><description>{body}</description></item></channel></rss>";
            var result = await scope.ServiceProvider.GetRequiredService<IFeedPipeline>()
                .ProcessAsync(source, new MemoryStream(Encoding.UTF8.GetBytes(feed)), "application/rss+xml", null, CancellationToken.None);
            Assert.True(result.Succeeded, result.Error);
        }

        await FetchAsync("Walrus sighted", "A walrus was seen.");
        await FetchAsync("Pelican sighted", "A pelican was seen.");
        await FetchAsync("Pelican sighted", "A pelican was seen.");

        await factory.WithDbAsync(async db =>
        {
            var id = await db.Articles.Select(a => a.Id).SingleAsync();
            Assert.Empty(await MatchAsync(db, "walrus"));
            Assert.Equal([id], await MatchAsync(db, "pelican"));
            await AssertIndexMatchesTableAsync(db);
        });
    }

    [Fact]
    public async Task ABodyOfManyNewItemsIsStoredRowForRowAndIndexed()
    {
        using var factory = new AppFactory();
        await factory.WithDbAsync(async db =>
        {
            db.Sources.Add(new Source { Name = "Many", Slug = "many", FeedUrl = "https://many.example/feed" });
            await db.SaveChangesAsync();
        });

        // 45 new rows go in as statements of 32, 8, 4 and 1 rows; every row must keep its own values.
        var items = string.Concat(Enumerable.Range(0, 45).Select(i =>
            $"<item><guid>m{i}</guid><link>https://many.example/{i}</link><title>Story zebra{i}</title><description>Body number {i}.</description>" +
            $"<pubDate>Mon, 05 Jan 2026 {i / 60:d2}:{i % 60:d2}:00 GMT</pubDate></item>"));
        await using (var scope = factory.CreateScope(out var db))
        {
            var source = await db.Sources.SingleAsync(s => s.Slug == "many");
            var feed = "<rss version=\"2.0\"><channel><title>Many</title><link>https://many.example/</link>" + items + "</channel></rss>";
            var result = await scope.ServiceProvider.GetRequiredService<IFeedPipeline>()
                .ProcessAsync(source, new MemoryStream(Encoding.UTF8.GetBytes(feed)), "application/rss+xml", null, CancellationToken.None);
            Assert.Equal((45, 45), (result.Items, result.Added));
        }

        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Articles.AsNoTracking().ToListAsync();
            Assert.Equal(45, stored.Count);
            foreach (var article in stored)
            {
                var i = int.Parse(article.Guid[1..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal($"https://many.example/{i}", article.Url);
                Assert.Equal($"Story zebra{i}", article.Title);
                Assert.Equal($"Body number {i}.", article.Text);
                Assert.Equal(new DateTimeOffset(2026, 1, 5, 0, i, 0, TimeSpan.Zero), article.PublishedAt);
                Assert.Equal([article.Id], await MatchAsync(db, $"zebra{i}"));
            }

            await AssertIndexMatchesTableAsync(db);
        });
    }

    [Fact]
    public async Task ArticlesWrittenOutsideIngestionAreIndexedAtOnce()
    {
        using var factory = new AppFactory();
        await factory.WithDbAsync(async db =>
        {
            var source = new Source { Name = "Hand", Slug = "hand", FeedUrl = "https://hand.example/feed" };
            db.Sources.Add(source);
            var article = new Article { Source = source, Guid = "h1", Url = "https://hand.example/1", Title = "Narwhal census", Text = "Counting narwhals.", ContentHash = "h" };
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            Assert.Equal([article.Id], await MatchAsync(db, "narwhal"));

            article.Title = "Beluga census";
            article.Text = "Counting belugas.";
            await db.SaveChangesAsync();
            Assert.Empty(await MatchAsync(db, "narwhal"));
            Assert.Equal([article.Id], await MatchAsync(db, "beluga"));
            await AssertIndexMatchesTableAsync(db);

            db.Articles.Remove(article);
            await db.SaveChangesAsync();
            Assert.Empty(await MatchAsync(db, "beluga"));
            await AssertIndexMatchesTableAsync(db);
        });
    }

    [Fact]
    public async Task ArticlesLeftPendingAreIndexedOnTheNextStart()
    {
        using var factory = new AppFactory();
        long id = 0;
        await factory.WithDbAsync(async db =>
        {
            // A writer that committed with indexing still deferred: its article only got noted as pending.
            await db.Database.ExecuteSqlRawAsync(Aggregator.Web.Data.ArticleSearchIndex.DeferSql);
            var source = new Source { Name = "Late", Slug = "late", FeedUrl = "https://late.example/feed" };
            db.Sources.Add(source);
            var article = new Article { Source = source, Guid = "l1", Url = "https://late.example/1", Title = "Okapi spotted", ContentHash = "l" };
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            id = article.Id;
            Assert.Empty(await MatchAsync(db, "okapi"));
        });

        await using (var scope = factory.CreateScope(out var db))
        {
            var seeder = scope.ServiceProvider.GetServices<IStartupSeeder>().Single(s => s is Aggregator.Web.Data.SearchIndexSeeder);
            await seeder.SeedAsync(db, CancellationToken.None);
        }

        await factory.WithDbAsync(async db =>
        {
            Assert.Equal([id], await MatchAsync(db, "okapi"));
            await AssertIndexMatchesTableAsync(db);
        });
    }

}
