using System.Text;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Ingestion;

public class PipelineTests
{
    private static string Feed(params (string Guid, string Link, string Title, string Body)[] items) =>
        "<rss version=\"2.0\"><channel><title>Pipeline</title><link>https://pipe.example/</link>" +
        string.Concat(items.Select((i, n) => $"<item><guid>{i.Guid}</guid><link>{i.Link}</link><title>{i.Title}</title>" +
            $"<description>{i.Body}</description><pubDate>Mon, 0{n + 1} Jan 2026 10:00:00 GMT</pubDate></item>")) +
        "</channel></rss>";

    private static async Task<FeedProcessResult> ProcessAsync(AppFactory factory, string body)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>();
        var source = await db.Sources.SingleAsync(s => s.Slug == "pipe");
        source.LastHttpStatus = 200;   // as the fetcher records it before handing the body over
        var pipeline = scope.ServiceProvider.GetRequiredService<IFeedPipeline>();
        return await pipeline.ProcessAsync(source, new MemoryStream(Encoding.UTF8.GetBytes(body)), "application/rss+xml", new Uri("https://pipe.example/feed"), CancellationToken.None);
    }

    private static async Task<AppFactory> CreateAsync()
    {
        var factory = new AppFactory();
        await factory.WithDbAsync(async db =>
        {
            db.Sources.Add(new Source { Name = "Pipe", Slug = "pipe", FeedUrl = "https://pipe.example/feed" });
            await db.SaveChangesAsync();
        });
        return factory;
    }

    [Fact]
    public async Task RefetchNeverDuplicatesAndUpdatesChangedItemsInPlace()
    {
        using var factory = await CreateAsync();
        var first = await ProcessAsync(factory, Feed(("a", "https://pipe.example/a", "Alpha", "one"), ("b", "https://pipe.example/b", "Beta", "two")));
        Assert.Equal((2, 2, 0, 0), (first.Items, first.Added, first.Updated, first.Unchanged));
        var firstSeen = factory.Clock.GetUtcNow();

        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        var same = await ProcessAsync(factory, Feed(("a", "https://pipe.example/a", "Alpha", "one"), ("b", "https://pipe.example/b", "Beta", "two")));
        Assert.Equal((0, 0, 2), (same.Added, same.Updated, same.Unchanged));

        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        var changed = await ProcessAsync(factory, Feed(("a", "https://pipe.example/a", "Alpha, corrected", "one"), ("b", "https://pipe.example/b", "Beta", "two")));
        Assert.Equal((0, 1, 1), (changed.Added, changed.Updated, changed.Unchanged));

        await factory.WithDbAsync(async db =>
        {
            var articles = await db.Articles.OrderBy(a => a.Guid).ToListAsync();
            Assert.Equal(2, articles.Count);
            Assert.Equal("Alpha, corrected", articles[0].Title);
            Assert.Equal(firstSeen, articles[0].FetchedAt);
            Assert.Equal(factory.Clock.GetUtcNow(), articles[0].UpdatedAt);
            Assert.Equal(firstSeen, articles[1].UpdatedAt);
            Assert.All(articles, a => Assert.Null(a.TopicId));
            var source = await db.Sources.SingleAsync(s => s.Slug == "pipe");
            Assert.Equal(24 * 60, source.PublishIntervalMinutes);
            Assert.Equal(200, source.LastHttpStatus);
        });
    }

    [Fact]
    public async Task AnItemWithoutADateKeepsItsFirstSeenTimeFlaggedUntilTheFeedGivesOne()
    {
        using var factory = await CreateAsync();
        const string undated = "<rss version=\"2.0\"><channel><title>Pipeline</title><link>https://pipe.example/</link>"
            + "<item><guid>u</guid><link>https://pipe.example/u</link><title>Research overview</title><description>What we study.</description></item>"
            + "<item><guid>d</guid><link>https://pipe.example/d</link><title>Dated</title><description>News.</description><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate></item>"
            + "</channel></rss>";
        await ProcessAsync(factory, undated);
        var firstSeen = factory.Clock.GetUtcNow();

        factory.Clock.Advance(TimeSpan.FromDays(3));
        await ProcessAsync(factory, undated.Replace("What we study.", "What we study now.", StringComparison.Ordinal));
        await factory.WithDbAsync(async db =>
        {
            var articles = await db.Articles.OrderBy(a => a.Guid).ToDictionaryAsync(a => a.Guid);
            Assert.True(articles["u"].IsUndated);
            Assert.Equal(firstSeen, articles["u"].PublishedAt);
            Assert.Equal("What we study now.", articles["u"].Text);
            Assert.False(articles["d"].IsUndated);
        });

        await ProcessAsync(factory, undated.Replace("<description>What we study.</description>", "<description>What we study.</description><pubDate>Tue, 06 Jan 2026 08:00:00 GMT</pubDate>", StringComparison.Ordinal));
        await factory.WithDbAsync(async db =>
        {
            var article = await db.Articles.SingleAsync(a => a.Guid == "u");
            Assert.False(article.IsUndated);
            Assert.Equal(new DateTimeOffset(2026, 1, 6, 8, 0, 0, TimeSpan.Zero), article.PublishedAt);
        });
    }

    [Fact]
    public async Task MatchesByCanonicalUrlThenContentHashWhenTheGuidChanges()
    {
        using var factory = await CreateAsync();
        await ProcessAsync(factory, Feed(("a", "https://pipe.example/a", "Alpha", "one"), ("b", "https://pipe.example/b", "Beta", "two")));

        // New guids: "a" keeps its URL (tracking parameters aside), "b" moved but its content is the same.
        var result = await ProcessAsync(factory, Feed(("a2", "https://pipe.example/a?utm_source=x", "Alpha", "one"), ("b2", "https://pipe.example/b-moved", "Beta", "two")));

        Assert.Equal(0, result.Added);
        await factory.WithDbAsync(async db => Assert.Equal(2, await db.Articles.CountAsync()));
    }

    private static async Task<List<(string Title, string Url)>> StoredAsync(AppFactory factory)
    {
        List<(string, string)> stored = [];
        await factory.WithDbAsync(async db => stored = [.. (await db.Articles.OrderBy(a => a.Id).Select(a => new { a.Title, a.Url }).ToListAsync()).Select(a => (a.Title, a.Url))]);
        return stored;
    }

    [Fact]
    public async Task KeepsDistinctItemsThatShareALinkOrTheirTitleAndText()
    {
        using var factory = await CreateAsync();
        const string live = "https://pipe.example/live";
        var first = await ProcessAsync(factory, Feed(("u1", live, "Update 1", "first"), ("u2", live, "Update 2", "second"),
            ("x1", "https://pipe.example/x1", "Same words", "same text"), ("x2", "https://pipe.example/x2", "Same words", "same text")));
        Assert.Equal(4, first.Added);

        var second = await ProcessAsync(factory, Feed(("u1", live, "Update 1", "first"), ("u2", live, "Update 2", "second"), ("u3", live, "Update 3", "third")));
        Assert.Equal((1, 0, 2), (second.Added, second.Updated, second.Unchanged));
        Assert.Equal(["Update 1", "Update 2", "Same words", "Same words", "Update 3"], (await StoredAsync(factory)).Select(a => a.Title));
    }

    [Fact]
    public async Task KeepsEveryStoryOfAFeedWhoseItemsAllShareOneGuid()
    {
        using var factory = await CreateAsync();
        var first = await ProcessAsync(factory, Feed(("same", "https://pipe.example/1", "One", "one"), ("same", "https://pipe.example/2", "Two", "two")));
        Assert.Equal(2, first.Added);

        var second = await ProcessAsync(factory, Feed(("same", "https://pipe.example/1", "One", "one"), ("same", "https://pipe.example/2", "Two", "two"),
            ("same", "https://pipe.example/3", "Three", "three")));
        Assert.Equal((1, 0, 2), (second.Added, second.Updated, second.Unchanged));
        Assert.Equal([("One", "https://pipe.example/1"), ("Two", "https://pipe.example/2"), ("Three", "https://pipe.example/3")], await StoredAsync(factory));
    }

    [Fact]
    public async Task AReusedGuidNeverOverwritesADifferentStory()
    {
        using var factory = await CreateAsync();
        await ProcessAsync(factory, Feed(("only", "https://pipe.example/first", "First story", "about one thing")));
        var next = await ProcessAsync(factory, Feed(("only", "https://pipe.example/second", "Second story", "about another")));
        Assert.Equal((1, 0), (next.Added, next.Updated));
        var again = await ProcessAsync(factory, Feed(("only", "https://pipe.example/second", "Second story, corrected", "about another")));
        Assert.Equal((0, 1), (again.Added, again.Updated));
        Assert.Equal([("First story", "https://pipe.example/first"), ("Second story, corrected", "https://pipe.example/second")], await StoredAsync(factory));

        // The same guid and link with a corrected title is still the same story, updated in place.
        var corrected = await ProcessAsync(factory, Feed(("only", "https://pipe.example/first", "First story, corrected", "about one thing")));
        Assert.Equal((0, 1), (corrected.Added, corrected.Updated));
    }

    [Fact]
    public async Task ARefetchOfAnUnchangedFeedDoesNoNormalisingWork()
    {
        using var factory = await CreateAsync();
        var normalizer = factory.Services.GetRequiredService<ArticleNormalizer>();
        var body = Feed(("a", "https://pipe.example/a", "Alpha", "<p>one</p>"), ("b", "https://pipe.example/b", "Beta", "two"));
        await ProcessAsync(factory, body);
        var before = normalizer.NormalizedCount;

        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        var same = await ProcessAsync(factory, body);
        Assert.Equal((2, 0, 0, 2), (same.Items, same.Added, same.Updated, same.Unchanged));
        Assert.Equal(before, normalizer.NormalizedCount);

        // One changed item is the only one normalised.
        var changed = await ProcessAsync(factory, Feed(("a", "https://pipe.example/a", "Alpha, corrected", "<p>one</p>"), ("b", "https://pipe.example/b", "Beta", "two")));
        Assert.Equal((0, 1, 1), (changed.Added, changed.Updated, changed.Unchanged));
        Assert.Equal(before + 1, normalizer.NormalizedCount);
        await factory.WithDbAsync(async db => Assert.Equal(24 * 60, (await db.Sources.SingleAsync(s => s.Slug == "pipe")).PublishIntervalMinutes));
    }

    [Fact]
    public async Task ArticlesStoredBeforeFingerprintsAreNormalisedOnceMoreThenSkipped()
    {
        using var factory = await CreateAsync();
        var normalizer = factory.Services.GetRequiredService<ArticleNormalizer>();
        var body = Feed(("a", "https://pipe.example/a", "Alpha", "one"), ("b", "https://pipe.example/b", "Beta", "two"));
        await ProcessAsync(factory, body);
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"Articles\" SET \"FeedHash\" = NULL"));

        var before = normalizer.NormalizedCount;
        var first = await ProcessAsync(factory, body);
        Assert.Equal((0, 0, 2), (first.Added, first.Updated, first.Unchanged));
        Assert.Equal(before + 2, normalizer.NormalizedCount);
        await ProcessAsync(factory, body);
        Assert.Equal(before + 2, normalizer.NormalizedCount);
    }

    [Fact]
    public async Task AnIllFormedBodyFailsWithAMessageAndStoresNothing()
    {
        using var factory = await CreateAsync();
        var result = await ProcessAsync(factory, "<html><body>Service unavailable</body></html>");
        Assert.False(result.Succeeded);
        Assert.Equal("The address returned an HTML page, not a feed.", result.Error);
        await factory.WithDbAsync(async db => Assert.Equal(0, await db.Articles.CountAsync()));
    }

    [Fact]
    public async Task ArticlesWrittenByTheStorePathReadBackThroughEfUnchanged()
    {
        using var factory = await CreateAsync();
        factory.Clock.Advance(TimeSpan.FromTicks(1234567));
        const string body = "<rss version=\"2.0\"><channel><title>Pipeline</title><link>https://pipe.example/</link><language>en_GB</language>" +
            "<item><guid>urn:pipe:1</guid><link>https://pipe.example/story?utm_source=rss&amp;id=7</link><title>Stored &amp; read</title>" +
            "<author>ed@pipe.example (Ed)</author><pubDate>Tue, 06 Jan 2026 09:15:30 +0200</pubDate>" +
            "<description>&lt;p&gt;First &lt;b&gt;para&lt;/b&gt;&lt;img src=\"https://img.pipe.example/a.jpg\"&gt;&lt;/p&gt;</description></item>" +
            "</channel></rss>";

        NormalizedArticle expected;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>();
            var pipeline = scope.ServiceProvider.GetRequiredService<FeedPipeline>();
            var source = await db.Sources.SingleAsync(s => s.Slug == "pipe");
            var prepared = pipeline.Prepare(Encoding.UTF8.GetBytes(body), "application/rss+xml", new Uri("https://pipe.example/feed"));
            expected = Assert.Single(prepared.Articles);
            var result = await pipeline.StoreAsync(source, prepared, CancellationToken.None);
            Assert.Equal(1, result.Added);
        }

        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Articles.AsNoTracking().SingleAsync();
            var sourceId = await db.Sources.Where(s => s.Slug == "pipe").Select(s => s.Id).SingleAsync();
            Assert.Equal(sourceId, stored.SourceId);
            Assert.Equal(expected.Guid, stored.Guid);
            Assert.Equal(expected.Url, stored.Url);
            Assert.Equal(expected.Title, stored.Title);
            Assert.Equal(expected.Author, stored.Author);
            Assert.Equal(expected.SummaryHtml, stored.SummaryHtml);
            Assert.Equal(expected.Text, stored.Text);
            Assert.Equal(expected.ImageUrl, stored.ImageUrl);
            Assert.Equal(expected.Language, stored.Language);
            Assert.Equal(expected.ContentHash, stored.ContentHash);
            Assert.Equal(expected.PublishedAt, stored.PublishedAt);
            Assert.Equal(expected.PublishedAt.Offset, stored.PublishedAt.Offset);
            Assert.Equal(new DateTimeOffset(2026, 1, 6, 7, 15, 30, TimeSpan.Zero), stored.PublishedAt.ToUniversalTime());
            // The model's binary date encoding keeps 0.1 ms; the store path must round the same way EF does.
            var converter = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter();
            var now = (DateTimeOffset)converter.ConvertFromProvider(converter.ConvertToProvider(factory.Clock.GetUtcNow()))!;
            Assert.Equal(now, stored.FetchedAt);
            Assert.Equal(now, stored.UpdatedAt);
            Assert.Equal((null, null, 1, false), (stored.TopicId, stored.ClusteredAt, stored.Importance, stored.PlacedByEditor));
            // SQL comparisons on the binary dates agree with the values.
            Assert.Equal(1, await db.Articles.CountAsync(a => a.PublishedAt < expected.PublishedAt.AddSeconds(1) && a.PublishedAt > expected.PublishedAt.AddSeconds(-1)));
        });
    }

    [Fact]
    public async Task ManyArticlesStoreExactlyAsNormalisedIncludingALeadingByteOrderMarkAndNonAsciiText()
    {
        using var factory = await CreateAsync();
        // 45 items: statements of 32, 8, 4 and 1 rows. The first body starts with U+FEFF, which a UTF-16 bind would drop.
        var items = Enumerable.Range(0, 45)
            .Select(n => ($"g{n}", $"https://pipe.example/{n}", $"Titre n°{n} — “quoted” 東京", n == 0 ? "\uFEFFBody with a mark" : $"Corps {n}: naïve café, 🚀 {new string('x', n * 50)}"))
            .ToArray();
        NormalizedArticle[] expected;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>();
            var pipeline = scope.ServiceProvider.GetRequiredService<FeedPipeline>();
            var source = await db.Sources.SingleAsync(s => s.Slug == "pipe");
            var prepared = pipeline.Prepare(Encoding.UTF8.GetBytes(Feed(items)), "application/rss+xml", new Uri("https://pipe.example/feed"));
            expected = [.. prepared.Articles];
            Assert.Equal(45, (await pipeline.StoreAsync(source, prepared, CancellationToken.None)).Added);
        }

        Assert.StartsWith("\uFEFF", expected[0].Text, StringComparison.Ordinal);
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Articles.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(expected.Select(e => (e.Guid, e.Url, e.Title, e.SummaryHtml, e.Text, e.ContentHash)),
                stored.Select(a => (a.Guid, a.Url, a.Title, a.SummaryHtml, (string)a.Text!, a.ContentHash)));
            // The search index took every row, once.
            Assert.Equal(45, await db.Database.SqlQueryRaw<long>(TestDatabase.IsPostgres
                ? "SELECT count(*) AS \"Value\" FROM \"Articles\" WHERE \"SearchVector\" @@ websearch_to_tsquery('english', 'naïve or mark')"
                : "SELECT count(*) AS Value FROM articles_fts WHERE articles_fts MATCH 'naïve OR mark'").SingleAsync());
        });
    }

    [Fact]
    public async Task SeedsTheCuratedSourcesOnceAndKeepsEditorChanges()
    {
        using var factory = new AppFactory();
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(96, await db.Sources.CountAsync());
            var anthropic = await db.Sources.Where(s => s.Owner == "Anthropic").Select(s => s.Slug).ToListAsync();
            Assert.Contains("olshansk-anthropic-news", anthropic);
            var simon = await db.Sources.SingleAsync(s => s.Slug == "simon-willison");
            Assert.Equal(SourceKind.Opinion, simon.Kind);
            simon.Tier = 1;
            simon.Name = "Simon (edited)";
            await db.SaveChangesAsync();
        });

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        }

        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(96, await db.Sources.CountAsync());
            var simon = await db.Sources.SingleAsync(s => s.Slug == "simon-willison");
            Assert.Equal(("Simon (edited)", 1), (simon.Name, simon.Tier));
        });
    }
}
