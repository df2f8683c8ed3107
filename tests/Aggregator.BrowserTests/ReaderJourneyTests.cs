using Aggregator.Tests.Pages;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Aggregator.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ReaderJourneyTests(BrowserApp app)
{
    private static readonly ColorScheme[] Schemes = [ColorScheme.Light, ColorScheme.Dark];

    [Fact]
    public async Task ReaderGoesFromIndexToTopicToRelatedEventToGuideToTagToSearchAndBack()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserApp.ShotAsync(page, "01-index");
        Assert.Equal("Top stories", await page.Locator("h1").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "OpenAI launches ChatGPT Health for medical questions" }).ClickAsync();
        await BrowserApp.ArrivedAsync(page, $"**/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health");
        Assert.Equal("OpenAI launches ChatGPT Health for medical questions", await page.Locator("h1").InnerTextAsync());
        await page.Locator("details.debug summary").ClickAsync();
        Assert.True(await page.Locator(".debug__list").IsVisibleAsync());
        await BrowserApp.ShotAsync(page, "02-topic");

        await page.Locator("#related-events-heading + ul a").First.ClickAsync();
        await BrowserApp.ArrivedAsync(page, $"**/topics/{ReaderData.RelatedId}/chatgpt-ads-test");
        Assert.Equal("ChatGPT begins testing ads in the free tier", await page.Locator("h1").InnerTextAsync());
        await BrowserApp.ShotAsync(page, "03-related-event");

        var guideLink = page.Locator("#related-guides-heading + ul a").First;
        var guideTitle = await guideLink.InnerTextAsync();
        await guideLink.ClickAsync();
        await BrowserApp.ArrivedAsync(page, "**/guides/*");
        Assert.Equal(guideTitle, await page.Locator("h1").InnerTextAsync());
        await BrowserApp.ShotAsync(page, "04-guide");

        // The guide shares the "chatgpt" or "openai" tag with the story we came from.
        var tagLink = page.Locator(".guide__header .tag-list a").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^(chatgpt|openai)$") }).First;
        var tagSlug = await tagLink.InnerTextAsync();
        await tagLink.ClickAsync();
        await BrowserApp.ArrivedAsync(page, "**/tags/" + tagSlug);
        Assert.Matches("^(ChatGPT|OpenAI)$", await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.Locator(".topic-row").CountAsync() >= 1);
        await BrowserApp.ShotAsync(page, "05-tag");

        await page.Locator("#site-search-q").FillAsync("medical records");
        await page.Locator("#site-search-q").PressAsync("Enter");
        await BrowserApp.ArrivedAsync(page, "**/search?q=medical+records");
        Assert.True(await page.Locator("#topic-results + ol mark").CountAsync() > 0);
        await BrowserApp.ShotAsync(page, "06-search");

        var back = new PageGoBackOptions { WaitUntil = WaitUntilState.Commit };
        await page.GoBackAsync(back);
        await BrowserApp.ArrivedAsync(page, "**/tags/" + tagSlug);
        await page.GoBackAsync(back);
        await BrowserApp.ArrivedAsync(page, "**/guides/*");
        Assert.Equal(guideTitle, await page.Locator("h1").InnerTextAsync());
        await page.Locator(".back a").ClickAsync();
        await BrowserApp.ArrivedAsync(page, "**/guides");
        await page.GetByRole(AriaRole.Link, new() { Name = "Top stories" }).ClickAsync();
        await BrowserApp.ArrivedAsync(page, app.BaseAddress.ToString());
        Assert.Equal("Top stories", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task PagesWorkWithoutJavaScriptOnASmallDarkScreen()
    {
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(), JavaScriptEnabled = false, ColorScheme = ColorScheme.Dark,
            ViewportSize = new() { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/?min=3");
        Assert.Equal(2, await page.Locator(".topic-row").CountAsync());
        await BrowserApp.ShotAsync(page, "07-index-mobile-dark");
        await page.GotoAsync($"/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health");
        await page.Locator("details.debug summary").ClickAsync();
        await BrowserApp.ShotAsync(page, "08-topic-mobile-dark");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(18, 17, 16)", background);
        await context.CloseAsync();
    }

    [Fact]
    public async Task TopicPageCollapsesRepostsKeepsDiscussionApartAndCountsWhatItLists()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/topics/{CoverageData.FireId}/{CoverageData.FireSlug}");
        await BrowserApp.ShotAsync(page, "09-topic-coverage");

        // The wire headline three outlets carried is one line, under the outlet that carried it first.
        Assert.Equal(1, await page.Locator(".timeline").GetByRole(AriaRole.Link, new() { Name = CoverageData.WireHeadline + " ↗", Exact = true }).CountAsync());
        Assert.Equal("Also carried by River Times, Daily Post", (await page.Locator(".reposts").InnerTextAsync()).Trim());
        Assert.Equal(["River Times", "Coastal Herald"], await page.Locator(".timeline__item .timeline__source").AllInnerTextsAsync());

        var discussion = page.Locator("section.discussion");
        Assert.Equal("Discussion · 2 threads", await discussion.Locator("h2").InnerTextAsync());
        Assert.Equal(2, await discussion.Locator(".discussion__item").CountAsync());
        Assert.Contains("27 points", await discussion.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".timeline").GetByText("Reddit").CountAsync());

        var heading = await page.Locator("#related-events-heading").InnerTextAsync();
        var listed = await page.Locator("#related-events-heading ~ ul .related__item").CountAsync();
        Assert.Equal($"Related events ({listed})", heading);
        await page.Locator(".related__more a").ClickAsync();
        await BrowserApp.ArrivedAsync(page, $"**/tags/{CoverageData.Tag}");
        Assert.Equal("Port of Tallis", await page.Locator("h1").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/topics/" + CoverageData.FireId + "/" + CoverageData.FireSlug, true)]
    [InlineData("/topics/" + ReaderData.HealthId + "/openai-launches-chatgpt-health", true)]
    [InlineData("/topics/" + ReaderData.SingleId + "/open-vs-closed-gap", false)]
    [InlineData("/guides", false)]
    [InlineData("/guides/ai-agents", false)]
    [InlineData("/tags/chatgpt", false)]
    [InlineData("/categories/research", false)]
    [InlineData("/sources", false)]
    [InlineData("/sources/hacker-news-frontpage", false)]
    [InlineData("/search?q=chatgpt", true)]
    [InlineData("/no-such-page", false)]
    public async Task HasNoSeriousAccessibilityViolations(string url, bool alsoDark)
    {
        foreach (var scheme in alsoDark ? Schemes : Schemes[..1])
        {
            var page = await app.NewPageAsync(scheme);
            await page.GotoAsync(url);
            await page.Locator("details.debug").EvaluateAllAsync<int>("els => { els.forEach(e => e.open = true); return els.length; }");
            AxeResult result = await page.RunAxe();
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")
                .ToList();
            Assert.True(serious.Count == 0, $"{url} [{scheme}]\n" + string.Join("\n", serious));
            await page.Context.CloseAsync();
        }
    }
}
