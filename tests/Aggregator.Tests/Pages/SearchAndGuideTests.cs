using System.Net;
using AngleSharp.Dom;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Pages.Guides;

namespace Aggregator.Tests.Pages;

[Collection(ReaderCollection.Name)]
public sealed class SearchAndGuideTests(ReaderFixture fixture)
{
    private static string Text(IElement? element) => string.Join(' ', (element?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task SearchFindsTopicsAndArticlesWithHighlightedSnippets()
    {
        var doc = await fixture.GetDocumentAsync("/search?q=medical+records");
        var topic = doc.QuerySelector("#topic-results + ol .result")!;
        Assert.Equal("OpenAI launches ChatGPT Health for medical questions", Text(topic.QuerySelector("h3")));
        Assert.Equal(["medical"], topic.QuerySelectorAll("h3 mark").Select(m => m.TextContent));
        Assert.NotEmpty(topic.QuerySelectorAll(".snippet mark"));
        var articles = doc.QuerySelectorAll("#article-results + ol .result").ToList();
        Assert.Equal(2, articles.Count);
        Assert.Contains(articles, a => a.QuerySelectorAll("mark").Any(m => m.TextContent == "medical"));
        Assert.Equal("medical records", doc.QuerySelector("#search-q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task SearchRanksTheBetterMatchFirst()
    {
        var doc = await fixture.GetDocumentAsync("/search?q=chatgpt");
        var topics = doc.QuerySelectorAll("#topic-results + ol .result h3").Select(Text).ToList();
        Assert.Equal(2, topics.Count);
        Assert.DoesNotContain("ChatGPT Health announced", topics);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("health AND (NEAR* OR")]
    [InlineData("headline:health ^ -x {a b}")]
    [InlineData("*")]
    [InlineData("<script>alert(1)</script>")]
    public async Task HostileQuerySyntaxIsSearchedAsWords(string q)
    {
        var doc = await fixture.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));
        Assert.Equal("Search", Text(doc.QuerySelector("h1")));
        Assert.Empty(doc.QuerySelectorAll("main script"));
    }

    [Fact]
    public async Task SearchWithQuotesAndOperatorsStillMatchesTheWords()
    {
        var doc = await fixture.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("\"health\" AND (medical"));
        Assert.Contains("OpenAI launches ChatGPT Health for medical questions", doc.QuerySelectorAll("#topic-results + ol h3").Select(Text));
    }

    [Fact]
    public async Task GuideIndexListsGuides()
    {
        var doc = await fixture.GetDocumentAsync("/guides");
        Assert.Equal(["How to read AI benchmarks", "Open and closed models"], doc.QuerySelectorAll(".related__item h3").Select(Text));
    }

    [Fact]
    public async Task GuideRendersMarkdownWithRawHtmlEscapedAndListsRelated()
    {
        var doc = await fixture.GetDocumentAsync("/guides/open-vs-closed");
        Assert.Equal("Open and closed models", Text(doc.QuerySelector("#guide-title")));
        Assert.Equal("weights", Text(doc.QuerySelector(".prose strong")));
        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.Contains("<script>alert('guide')</script>", doc.QuerySelector(".prose")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Related guides (1)", Text(doc.QuerySelector("#related-guides-heading")));
        Assert.Equal("How to read AI benchmarks", Text(doc.QuerySelector(".related__item--guide h3")));
        // chatgpt/claude tags and the business category: the opinion piece, the health launch and the ads test.
        Assert.Equal("Related events (3)", Text(doc.QuerySelector("#related-events-heading")));
        await fixture.GetDocumentAsync("/guides/missing", HttpStatusCode.NotFound);
    }

    [Fact]
    public void ShippedGuidesHaveTitleSummaryTagsAndNoRawHtml()
    {
        var files = Directory.GetFiles(Path.Combine(Paths.Seeds, "guides"), "*.md");
        Assert.InRange(files.Length, 5, 12);
        foreach (var file in files)
        {
            var guide = GuideLibrary.Parse(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));
            Assert.False(string.IsNullOrWhiteSpace(guide.Title), file);
            Assert.True(guide.Summary.Length > 60, file);
            Assert.NotEmpty(guide.Tags);
            Assert.Contains("<h2", guide.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("title:", guide.Html, StringComparison.Ordinal);
        }
    }
}
