using System.Net;
using AngleSharp.Dom;

namespace Aggregator.Tests.Pages;

[Collection(ReaderCollection.Name)]
public sealed class ListPageTests(ReaderFixture fixture)
{
    private static string Text(IElement? element) => string.Join(' ', (element?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static List<string> Headlines(AngleSharp.Html.Dom.IHtmlDocument doc) =>
        [.. doc.QuerySelectorAll(".topic-row__headline a").Select(Text)];

    [Fact]
    public async Task IndexRanksPinnedFirstThenImportanceDampedByAgeAndHidesMergedAndHidden()
    {
        var doc = await fixture.GetDocumentAsync("/");
        var headlines = Headlines(doc);
        Assert.Equal(30, headlines.Count);
        Assert.Equal($"Research note number {ReaderData.FillerCount - 1} on sparse attention", headlines[0]);
        Assert.Equal("OpenAI launches ChatGPT Health for medical questions", headlines[1]);
        Assert.Equal("ChatGPT begins testing ads in the free tier", headlines[2]);
        Assert.Equal("Analysis: Open versus closed model performance gaps and benchmarking limitations", headlines[3]);
        Assert.DoesNotContain("ChatGPT Health announced", headlines);
        Assert.DoesNotContain("A story editors removed", headlines);
        Assert.Equal("35 topics", Text(doc.QuerySelector(".result-count")));

        var row = doc.QuerySelectorAll(".topic-row")[1];
        Assert.Equal("4", Text(row.QuerySelector(".imp")).Replace("Importance ", "", StringComparison.Ordinal));
        Assert.Equal("product", Text(row.QuerySelector(".chip--category")));
        Assert.Equal("multi-source", Text(row.QuerySelector(".chip--multi-source")));
        Assert.Equal("3 articles", Text(row.QuerySelector(".meta__count")));
        Assert.Equal("2 hours ago", Text(row.QuerySelector("time")));
        Assert.StartsWith("A separate space in ChatGPT", Text(row.QuerySelector(".topic-row__dek")));
        Assert.Equal("/feeds/topics.rss", doc.QuerySelector("link[rel=alternate][type='application/rss+xml']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task IndexPagesThroughTheRest()
    {
        var first = await fixture.GetDocumentAsync("/");
        var next = first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href");
        Assert.Equal("/?page=2", next);
        var second = await fixture.GetDocumentAsync(next!);
        Assert.Equal(5, Headlines(second).Count);
        Assert.Equal("/", second.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Empty(Headlines(first).Intersect(Headlines(second)));
    }

    [Theory]
    [InlineData("/?category=product", new[] { "OpenAI launches ChatGPT Health for medical questions" })]
    [InlineData("/?tag=gemini", new[] { "Analysis: Open versus closed model performance gaps and benchmarking limitations" })]
    [InlineData("/?source=the-verge", new[] { "OpenAI launches ChatGPT Health for medical questions", "ChatGPT begins testing ads in the free tier" })]
    [InlineData("/?min=3", new[] { "OpenAI launches ChatGPT Health for medical questions", "ChatGPT begins testing ads in the free tier" })]
    [InlineData("/?min=3&source=the-verge&tag=openai&category=business", new[] { "ChatGPT begins testing ads in the free tier" })]
    public async Task IndexFilters(string url, string[] expected)
    {
        var doc = await fixture.GetDocumentAsync(url);
        Assert.Equal(expected, Headlines(doc));
    }

    [Fact]
    public async Task FilteredIndexAdvertisesTheMatchingFeeds()
    {
        var doc = await fixture.GetDocumentAsync("/?category=product&tag=openai&source=the-verge&min=3");
        var feeds = doc.QuerySelectorAll("link[rel=alternate]").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains("/feeds/category/product.atom", feeds);
        Assert.Contains("/feeds/tag/openai.json", feeds);
        Assert.Contains("/feeds/source/the-verge.rss", feeds);
        Assert.Contains("/feeds/importance/3.rss", feeds);
        Assert.Contains("/feeds/sources.opml", feeds);
    }

    [Fact]
    public async Task TagPageListsItsStoriesAndGuides()
    {
        var doc = await fixture.GetDocumentAsync("/tags/chatgpt");
        Assert.Equal("ChatGPT", Text(doc.QuerySelector("h1")));
        Assert.Equal(3, Headlines(doc).Count);
        Assert.Contains("Open and closed models", doc.QuerySelectorAll(".related__item--guide h3").Select(Text));
        Assert.Contains("/feeds/tag/chatgpt.rss", doc.QuerySelectorAll("link[rel=alternate]").Select(l => l.GetAttribute("href")));
        await fixture.GetDocumentAsync("/tags/no-such-tag", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CategoryPageListsAndPages()
    {
        var doc = await fixture.GetDocumentAsync("/categories/research");
        Assert.Equal("research", Text(doc.QuerySelector("h1")));
        Assert.Equal(30, Headlines(doc).Count);
        Assert.Equal("/categories/research?page=2", doc.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));
        var second = await fixture.GetDocumentAsync("/categories/research?page=2");
        Assert.Equal(ReaderData.FillerCount - 30, Headlines(second).Count);
        await fixture.GetDocumentAsync("/categories/nothing-here", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SourcesPageShowsKindTierAndHealth()
    {
        var doc = await fixture.GetDocumentAsync("/sources");
        var rows = doc.QuerySelectorAll(".sources-table tbody tr")
            .GroupBy(r => Text(r.QuerySelector("th")))
            .ToDictionary(g => g.Key, g => g.First().QuerySelectorAll("td").Select(Text).ToList());
        Assert.Equal(["reporting", "1", "2", "20 minutes ago", "healthy"], rows["The Verge"]);
        Assert.Equal(["community", "3", "1", "never", "failing (4 in a row)"], rows["Hacker News"]);
        Assert.Equal("first-party opinion", rows["Interconnects (Nathan Lambert)"][0]);
    }

    [Fact]
    public async Task SourcePageShowsRecentArticlesAndFetchErrors()
    {
        var doc = await fixture.GetDocumentAsync("/sources/hacker-news-frontpage");
        Assert.Equal("Hacker News", Text(doc.QuerySelector("h1")));
        Assert.Equal("failing (4 in a row)", Text(doc.QuerySelector(".health")));
        Assert.Equal("HTTP 503 Service Unavailable", Text(doc.QuerySelector(".error-text")));
        Assert.Equal(["ChatGPT Health (discussion) ↗"], doc.QuerySelectorAll(".result h3").Select(Text));
        Assert.Equal($"/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health", doc.QuerySelector(".result .meta a")!.GetAttribute("href"));
        Assert.Contains("/feeds/source/hacker-news-frontpage.rss", doc.QuerySelectorAll("link[rel=alternate]").Select(l => l.GetAttribute("href")));
        await fixture.GetDocumentAsync("/sources/unknown", HttpStatusCode.NotFound);
    }
}
