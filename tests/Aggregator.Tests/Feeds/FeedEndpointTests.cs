using System.Net;
using System.Xml.Linq;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Model;
using Aggregator.Web.Pages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Feeds;

/// <summary>One app and one data set shared by the tests that only read.</summary>
public sealed class SeededFeedsFixture : IAsyncLifetime
{
    public AppFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        await FeedTestData.SeedAsync(Factory);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class FeedEndpointTests(SeededFeedsFixture fixture) : IClassFixture<SeededFeedsFixture>
{
    private const string Base = "http://localhost";
    private readonly AppFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string, string> Views()
    {
        var data = new TheoryData<string, string>();
        foreach (var view in new[] { "topics", "category/ai-models", "category/hardware-chips", "tag/acme-labs", "source/example-wire", "source/lab-blog", "importance/4", "importance/1" })
        {
            foreach (var format in new[] { "rss", "atom", "json" })
            {
                data.Add(view, format);
            }
        }

        return data;
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
                "tag/acme-labs" => topics.Where(t => t.Tags.Any(x => x.TagSlug == "acme-labs")),
                "source/example-wire" => topics.Where(t => t.Articles.Any(a => a.Source!.Slug == "example-wire")),
                "source/lab-blog" => topics.Where(t => t.Articles.Any(a => a.Source!.Slug == "lab-blog")),
                "importance/4" => topics.Where(t => t.Importance >= 4),
                "importance/1" => topics,
                _ => throw new InvalidOperationException(view),
            };
            expected = FeedTestData.InFrontPageOrder(await topics.AsNoTracking().ToListAsync(), _factory.Clock.GetUtcNow());
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
                // The story's own times: its first report and its newest core report.
                if (!(format == "rss" && parsed.Parser == "CodeHollow"))
                {
                    Assert.Equal(topic.LatestAt, item.Updated);
                }

                Assert.Equal(topic.EarliestAt, item.Published);
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
        var feeds = opml.Descendants("outline").Select(o => o.Attribute("xmlUrl")?.Value).OfType<string>().ToList();
        List<string> enabled = [];
        await _factory.WithDbAsync(async db => enabled = await db.Sources.Where(s => s.Enabled).Select(s => s.FeedUrl).ToListAsync());
        Assert.Equal(enabled.Order(StringComparer.Ordinal), feeds.Order(StringComparer.Ordinal));
        Assert.Contains("https://wire.example.com/feed.xml", feeds);
        Assert.DoesNotContain("https://old.example.com/rss", feeds);
        var news = opml.Descendants("outline").Single(o => o.Attribute("text")?.Value == "Test News");
        Assert.Equal(["Example Wire", "Quiet Journal"], news.Elements("outline").Select(o => o.Attribute("text")!.Value));
        Assert.Equal("https://wire.example.com/", news.Elements("outline").First().Attribute("htmlUrl")?.Value);
    }

    private static string ExpectedMediaType(string format) => format switch
    {
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        _ => "application/feed+json",
    };
}
