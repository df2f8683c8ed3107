using System.Net;
using System.Xml.Linq;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Model;
using Aggregator.Web.Pages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Feeds;

public sealed class FeedEndpointTests : IAsyncLifetime
{
    private const string Base = "http://localhost";
    private readonly AppFactory _factory = new();
    private HttpClient _client = null!;

    public static TheoryData<string, string> Views()
    {
        var data = new TheoryData<string, string>();
        foreach (var view in new[] { "topics", "category/ai-models", "category/hardware-chips", "tag/openai", "source/example-wire", "source/lab-blog", "importance/4", "importance/1" })
        {
            foreach (var format in new[] { "rss", "atom", "json" })
            {
                data.Add(view, format);
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        await FeedTestData.SeedAsync(_factory);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Views))]
    public async Task EveryViewReadsBackWithTwoParsersAndMatchesTheDatabase(string view, string format)
    {
        var url = $"/feeds/{view}.{format}";
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExpectedMediaType(format), response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var body = await response.Content.ReadAsStringAsync();

        List<Topic> expected = [];
        await _factory.WithDbAsync(async db =>
        {
            var topics = FeedTestData.Visible(db);
            topics = view switch
            {
                "topics" => topics,
                "category/ai-models" => topics.Where(t => t.Category == "AI Models"),
                "category/hardware-chips" => topics.Where(t => t.Category == "Hardware & Chips"),
                "tag/openai" => topics.Where(t => t.Tags.Any(x => x.TagSlug == "openai")),
                "source/example-wire" => topics.Where(t => t.Articles.Any(a => a.Source!.Slug == "example-wire")),
                "source/lab-blog" => topics.Where(t => t.Articles.Any(a => a.Source!.Slug == "lab-blog")),
                "importance/4" => topics.Where(t => t.Importance >= 4),
                "importance/1" => topics,
                _ => throw new InvalidOperationException(view),
            };
            expected = await topics.AsNoTracking().ToListAsync();
        });
        Assert.NotEmpty(expected);

        foreach (var parsed in FeedParsers.ParseAll(format, body))
        {
            Assert.StartsWith("Aggregator", parsed.Title, StringComparison.Ordinal);
            Assert.Equal(expected.Count, parsed.Items.Count);
            if (parsed.SelfUrl is not null || parsed.Parser != "CodeHollow")
            {
                Assert.Equal(Base + url, parsed.SelfUrl);
            }

            foreach (var (topic, item) in expected.Zip(parsed.Items))
            {
                var permanent = $"{Base}/topics/{topic.Id}";
                Assert.Equal(permanent, item.Id);
                Assert.Equal(permanent, item.Link);
                Assert.Equal(topic.Headline, item.Title);
                Assert.Contains($"{topic.Importance}/5", item.Html, StringComparison.Ordinal);
                // RSS has no standard "updated" that CodeHollow reads; every other parser must see it.
                if (!(format == "rss" && parsed.Parser == "CodeHollow"))
                {
                    Assert.Equal(topic.UpdatedAt, item.Updated);
                }

                Assert.Equal(topic.CreatedAt, item.Published);
            }
        }
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    [InlineData("json")]
    public async Task TopicFeedListsItsArticlesNewestFirst(string format)
    {
        var body = await _client.GetStringAsync(new Uri($"/feeds/topic/{FeedTestData.ModelLaunch}.{format}", UriKind.Relative));
        List<Article> articles = [];
        await _factory.WithDbAsync(async db => articles = await db.Articles.AsNoTracking()
            .Where(a => a.TopicId == FeedTestData.ModelLaunch).OrderByDescending(a => a.PublishedAt).ToListAsync());

        foreach (var parsed in FeedParsers.ParseAll(format, body))
        {
            Assert.Equal(articles.Count, parsed.Items.Count);
            foreach (var (article, item) in articles.Zip(parsed.Items))
            {
                Assert.Equal($"{Base}/topics/{FeedTestData.ModelLaunch}#article-{article.Id}", item.Id);
                Assert.Equal(article.Title, item.Title);
                Assert.Equal(article.Url, item.Link);
                Assert.Equal(article.PublishedAt, item.Published);
            }
        }
    }

    [Theory]
    [InlineData("atom")]
    [InlineData("rss")]
    [InlineData("json")]
    public async Task GrowingTopicIsAnUpdateNotARepost(string format)
    {
        var url = new Uri($"/feeds/topics.{format}", UriKind.Relative);
        var before = FeedParsers.ParseAll(format, await _client.GetStringAsync(url));
        var oldUpdated = _factory.Clock.GetUtcNow();

        // What the clustering worker does: add members, recompute the topic, stamp it with the clock, evict the cache.
        _factory.Clock.Advance(TimeSpan.FromMinutes(45));
        await _factory.WithDbAsync(async db =>
        {
            var source = await db.Sources.SingleAsync(s => s.Slug == "quiet-journal");
            db.Articles.Add(new Article
            {
                SourceId = source.Id, TopicId = FeedTestData.ChipDeal, Guid = "late-1", Url = "https://quiet.example.net/articles/late-1",
                Title = "Regulators look at the chip supply deal", PublishedAt = _factory.Clock.GetUtcNow(), FetchedAt = _factory.Clock.GetUtcNow(),
                UpdatedAt = _factory.Clock.GetUtcNow(), ContentHash = "late-1", ClusteredAt = _factory.Clock.GetUtcNow(),
            });
            var topic = await db.Topics.SingleAsync(t => t.Id == FeedTestData.ChipDeal);
            topic.ArticleCount++;
            topic.UpdatedAt = _factory.Clock.GetUtcNow();
            await db.SaveChangesAsync();
        });
        await _factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CacheTags.Topics, default);

        var after = FeedParsers.ParseAll(format, await _client.GetStringAsync(url));
        foreach (var (old, current) in before.Zip(after))
        {
            Assert.Equal(old.Items.Select(i => i.Id).Order(), current.Items.Select(i => i.Id).Order());
            var oldItem = old.Items.Single(i => i.Id.EndsWith(FeedTestData.ChipDeal, StringComparison.Ordinal));
            var newItem = current.Items.Single(i => i.Id.EndsWith(FeedTestData.ChipDeal, StringComparison.Ordinal));
            Assert.Contains("Regulators look at the chip supply deal", newItem.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Regulators", oldItem.Html, StringComparison.Ordinal);
            Assert.Equal(oldItem.Published, newItem.Published);
            if (!(format == "rss" && old.Parser == "CodeHollow"))
            {
                Assert.True(newItem.Updated > oldItem.Updated, $"{old.Parser}: {newItem.Updated} should be after {oldItem.Updated}");
                Assert.Equal(_factory.Clock.GetUtcNow(), newItem.Updated);
            }

            // The grown story moves to the top.
            Assert.Equal(newItem.Id, current.Items[0].Id);
        }

        Assert.True(_factory.Clock.GetUtcNow() > oldUpdated);
    }

    [Fact]
    public async Task ConditionalGetReturnsNotModifiedUntilSomethingChanges()
    {
        var url = new Uri("/feeds/importance/4.atom", UriKind.Relative);
        using var first = await _client.GetAsync(url);
        var etag = first.Headers.ETag;
        var lastModified = first.Content.Headers.LastModified;
        Assert.NotNull(etag);
        Assert.NotNull(lastModified);

        // From the output cache.
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(url, etag.Tag, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(url, null, lastModified)).StatusCode);

        // Rendered afresh, nothing changed: the same validators.
        await _factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CacheTags.Topics, default);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(url, etag.Tag, null)).StatusCode);
        await _factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CacheTags.Topics, default);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(url, null, lastModified)).StatusCode);

        _factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await _factory.WithDbAsync(async db =>
        {
            var topic = await db.Topics.SingleAsync(t => t.Id == FeedTestData.ChipDeal);
            topic.Headline = "Chip maker signs a bigger supply deal";
            topic.UpdatedAt = _factory.Clock.GetUtcNow();
            await db.SaveChangesAsync();
        });
        await _factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CacheTags.Topics, default);

        using var changed = await SendAsync(url, etag.Tag, null);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.True(changed.Content.Headers.LastModified > lastModified);
        Assert.Contains("bigger supply deal", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var since = await SendAsync(url, null, lastModified);
        Assert.Equal(HttpStatusCode.OK, since.StatusCode);
    }

    [Theory]
    [InlineData("/feeds/tag/nope.rss", "No tag 'nope'")]
    [InlineData("/feeds/source/nope.atom", "No source 'nope'")]
    [InlineData("/feeds/category/nope.json", "No category 'nope'")]
    [InlineData("/feeds/topic/ffffffffff.rss", "No topic 'ffffffffff'")]
    [InlineData("/feeds/topic/" + FeedTestData.Hidden + ".rss", "No topic")]
    [InlineData("/feeds/importance/0.rss", "from 1 to 5")]
    [InlineData("/feeds/importance/6.atom", "from 1 to 5")]
    [InlineData("/feeds/importance/high.json", "from 1 to 5")]
    [InlineData("/feeds/topics.pdf", "use rss, atom or json")]
    public async Task UnknownViewsAreNotFoundWithAReason(string url, string message)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergedTopicFeedRedirectsToTheSurvivingTopic()
    {
        using var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri($"/feeds/topic/{FeedTestData.Merged}.atom", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/feeds/topic/{FeedTestData.ModelLaunch}.atom", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ConfiguredBaseUrlIsUsedForPermanentLinks()
    {
        using var factory = new AppFactory();
        factory.Settings["Site:BaseUrl"] = "https://news.example.com/";
        using var client = factory.CreateClient();
        await FeedTestData.SeedAsync(factory);
        var feed = FeedParsers.WithSyndication(await client.GetStringAsync(new Uri("/feeds/topics.atom", UriKind.Relative)));
        Assert.Equal("https://news.example.com/feeds/topics.atom", feed.SelfUrl);
        Assert.All(feed.Items, i => Assert.StartsWith("https://news.example.com/topics/", i.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpmlListsEnabledSourcesByCategory()
    {
        using var response = await _client.GetAsync(new Uri("/feeds/sources.opml", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/x-opml", response.Content.Headers.ContentType?.MediaType);
        var opml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("2.0", opml.Root?.Attribute("version")?.Value);
        var feeds = opml.Descendants("outline").Where(o => o.Attribute("xmlUrl") is not null).ToList();
        Assert.Equal(
            ["https://lab.example.org/rss", "https://quiet.example.net/atom", "https://wire.example.com/feed.xml"],
            feeds.Select(o => o.Attribute("xmlUrl")!.Value).Order(StringComparer.Ordinal));
        var news = opml.Descendants("outline").Single(o => o.Attribute("text")?.Value == "News");
        Assert.Equal(["Example Wire", "Quiet Journal"], news.Elements("outline").Select(o => o.Attribute("text")!.Value));
        Assert.Equal("https://wire.example.com/", news.Elements("outline").First().Attribute("htmlUrl")?.Value);
    }

    private static string ExpectedMediaType(string format) => format switch
    {
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        _ => "application/feed+json",
    };

    private async Task<HttpResponseMessage> SendAsync(Uri url, string? ifNoneMatch, DateTimeOffset? ifModifiedSince)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        request.Headers.IfModifiedSince = ifModifiedSince;
        return await _client.SendAsync(request);
    }
}
