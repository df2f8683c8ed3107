using System.Net;
using AngleSharp.Dom;

namespace Aggregator.Tests.Pages;

[Collection(ReaderCollection.Name)]
public sealed class TopicPageTests(ReaderFixture fixture)
{
    private static string Text(IElement? element) => string.Join(' ', (element?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task ShowsEveryElementOfTheExampleInOrder()
    {
        var doc = await fixture.GetDocumentAsync($"/topics/{ReaderData.SingleId}/open-vs-closed-gap");
        var topic = doc.QuerySelector("article.topic")!;

        // Element order as in the example page.
        var order = new[]
        {
            ".back", ".chips", "h1", ".topic__dek", ".lead-card", ".dive", ".lead-coverage", ".timeline", ".tags",
            "#related-guides-heading", "#related-events-heading", "details.debug",
        };
        var positions = order.Select(sel => Array.IndexOf(topic.QuerySelectorAll("*").ToArray(), topic.QuerySelector(sel))).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order().ToList(), positions);

        Assert.Equal("← Back to topics", Text(topic.QuerySelector(".back a")));
        Assert.Equal("/", topic.QuerySelector(".back a")!.GetAttribute("href"));
        var chips = topic.QuerySelectorAll(".chips li").Select(Text).ToList();
        Assert.Equal(["2", "business", "Nathan Lambert", "single-source", "1 article"], chips);
        Assert.Equal("Analysis: Open versus closed model performance gaps and benchmarking limitations", Text(topic.QuerySelector("h1")));
        Assert.StartsWith("Nathan Lambert analyzes why open models lag", Text(topic.QuerySelector(".topic__dek")));
        Assert.Equal("Reading today's open-closed performance gap", Text(topic.QuerySelector(".lead-card__title")));
        Assert.Equal("via Interconnects (Nathan Lambert)", Text(topic.QuerySelector(".lead-card__via")));

        Assert.Contains("Let's dive in", Text(topic.QuerySelector(".dive h2")));
        var cite = topic.QuerySelector(".dive .summary a.cite")!;
        Assert.Equal("https://www.interconnects.ai/p/reading-todays-open-closed-performance", cite.GetAttribute("href"));
        Assert.Contains("persistent performance gap", Text(topic.QuerySelector(".dive .summary")));

        Assert.Equal("Lead coverage: Interconnects (Nathan Lambert) — Reading today's open-closed performance gap ↗", Text(topic.QuerySelector(".lead-coverage")));

        Assert.EndsWith("The timeline · 1 source", Text(topic.QuerySelector(".timeline h2")));
        var item = topic.QuerySelector(".timeline__item")!;
        Assert.Equal("Interconnects (Nathan Lambert)", Text(item.QuerySelector(".timeline__source")));
        Assert.Equal("first-party opinion", Text(item.QuerySelector(".kind")));
        Assert.Equal("tier 2", Text(item.QuerySelector(".tier")));
        Assert.Equal("3d ago", Text(item.QuerySelector("time")));
        Assert.Equal("2026-01-07T09:25:02.000Z", item.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.False(string.IsNullOrEmpty(item.QuerySelector("time")!.GetAttribute("title")));
        Assert.Equal("2/5", Text(item.QuerySelector(".article-imp")));
        Assert.Equal("Reading today's open-closed performance gap ↗", Text(item.QuerySelector(".timeline__title a")));
        Assert.Contains("persistent performance gap", Text(item.QuerySelector(".timeline__summary")));

        Assert.Equal(["ChatGPT", "Claude", "Gemini"], topic.QuerySelectorAll(".tags a").Select(Text));
        Assert.Equal("/tags/chatgpt", topic.QuerySelector(".tags a")!.GetAttribute("href"));

        var debug = topic.QuerySelector("details.debug")!;
        var facts = debug.QuerySelectorAll("dt").Zip(debug.QuerySelectorAll("dd")).ToDictionary(p => Text(p.First), p => Text(p.Second));
        Assert.Equal("597fab2eb8", facts["Cluster ID"]);
        Assert.Equal("2", facts["Importance (max)"]);
        Assert.Equal("1", facts["Members"]);
        Assert.Equal("Interconnects (Nathan Lambert)", facts["Sources"]);
        Assert.Equal("2026-01-07T09:25:02.000Z", facts["Earliest"]);
        Assert.Equal("2026-01-07T09:25:02.000Z", facts["Latest"]);
        Assert.Equal("https://www.interconnects.ai/p/reading-todays-open-closed-performance", facts["Lead URL"]);
        Assert.Equal("Why 2/5", Text(debug.QuerySelector(".debug__why")));
        Assert.Equal(["sources", "recency"], debug.QuerySelectorAll(".factors tbody th").Select(Text));
    }

    [Fact]
    public async Task MultiSourceStoryLinksEachSummarySentenceAndListsRelatedEventsAndGuides()
    {
        var doc = await fixture.GetDocumentAsync($"/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health");
        Assert.Equal(["4", "product", "OpenAI", "multi-source", "3 articles"], doc.QuerySelectorAll(".chips li").Select(Text));
        Assert.EndsWith("The timeline · 3 sources", Text(doc.QuerySelector(".timeline h2")));
        // Newest report first; the community thread is discussion, not coverage.
        Assert.Equal(["The Verge", "OpenAI News"], doc.QuerySelectorAll(".timeline__source").Select(Text));
        Assert.Equal(["reporting", "first-party"], doc.QuerySelectorAll(".timeline .kind").Select(Text));
        Assert.Equal(["6h ago", "1d ago"], doc.QuerySelectorAll(".timeline time").Select(Text));
        Assert.Equal("Discussion · 1 thread", Text(doc.QuerySelector("#discussion-heading")));
        Assert.StartsWith("Hacker News: ChatGPT Health (discussion) ↗", Text(doc.QuerySelector(".discussion__item")), StringComparison.Ordinal);
        Assert.Equal(
            ["https://openai.com/index/introducing-chatgpt-health/", "https://www.theverge.com/ai/chatgpt-health"],
            doc.QuerySelectorAll(".summary a.cite").Select(a => a.GetAttribute("href")));

        // Shares tags with the ads story and the opinion piece; the merged duplicate and hidden story never show.
        Assert.Equal("Related events (2)", Text(doc.QuerySelector("#related-events-heading")));
        var related = doc.QuerySelectorAll(".related__item h3 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/topics/{ReaderData.RelatedId}/chatgpt-ads-test", $"/topics/{ReaderData.SingleId}/open-vs-closed-gap"],
            related.Where(r => r!.StartsWith("/topics/", StringComparison.Ordinal)));
        Assert.Equal("Related guides (1)", Text(doc.QuerySelector("#related-guides-heading")));
        Assert.Equal("Open and closed models", Text(doc.QuerySelector(".related__item--guide h3")));
        Assert.Equal("OpenAI opened ChatGPT Health.", Text(doc.QuerySelector(".summary__sentence")));
    }

    [Fact]
    public async Task AdvertisesTheTopicFeed()
    {
        var doc = await fixture.GetDocumentAsync($"/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health");
        var feeds = doc.QuerySelectorAll("link[rel=alternate]").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains($"/feeds/topic/{ReaderData.HealthId}.rss", feeds);
        Assert.Contains($"/feeds/topic/{ReaderData.HealthId}.atom", feeds);
        Assert.Contains($"/feeds/topic/{ReaderData.HealthId}.json", feeds);
        Assert.Contains("/feeds/topics.rss", feeds);
    }

    [Theory]
    [InlineData("wrong-slug")]
    [InlineData("")]
    public async Task RedirectsToTheCanonicalSlug(string slug)
    {
        using var response = await fixture.Client.GetAsync(new Uri($"/topics/{ReaderData.HealthId}/{slug}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task MergedTopicRedirectsPermanentlyToTheSurvivor()
    {
        using var response = await fixture.Client.GetAsync(new Uri($"/topics/{ReaderData.MergedId}/chatgpt-health-duplicate", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/topics/0000000000/nothing")]
    [InlineData("/topics/" + ReaderData.HiddenId + "/hidden-story")]
    [InlineData("/no/such/page")]
    public async Task UnknownOrHiddenTopicGetsTheNotFoundPage(string url)
    {
        var doc = await fixture.GetDocumentAsync(url, HttpStatusCode.NotFound);
        Assert.Equal("Page not found", Text(doc.QuerySelector("h1")));
        Assert.NotNull(doc.QuerySelector("link[rel=stylesheet]"));
    }
}
