using System.Net;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Admin;

public class EditorSummaryTests(NewsroomFixture fixture) : IClassFixture<NewsroomFixture>
{
    private const string Hostile =
        "Read [this](javascript:alert(1)) and [that](data:text/html;base64,PHNjcmlwdD5hbGVydCgyKTwvc2NyaXB0Pg==) "
        + "and ![pixel](https://tracker.example/p.png) and [fine](https://example.org/report).";

    private static readonly string DeepQuotes = string.Concat(Enumerable.Repeat("> ", 300)) + "quoted";

    private AdminAppFactory Factory => fixture.Factory;

    private async Task<Topic> TopicWithSummaryAsync(string? summary)
    {
        var topic = await Factory.QueryAsync(db => NewsroomData.TopicAsync(db, Factory.Clock.GetUtcNow().AddDays(-1), 3, "Summary story", "Second report"));
        if (summary is not null)
        {
            // Written straight to the database: a summary saved before the checks existed, or by another path.
            await Factory.QueryAsync(db => db.Topics.Where(t => t.Id == topic.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.EditorSummary, summary).SetProperty(t => t.Summary, summary)));
        }

        return topic;
    }

    private async Task<(HttpStatusCode Status, string Html)> PublicPageAsync(string topicId)
    {
        using var reader = Factory.CreateClient();
        using var response = await reader.GetAsync(new Uri($"/topics/{topicId}", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Prose(string html)
    {
        var start = html.IndexOf("<div class=\"prose\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no editor summary on the page");
        return html[start..html.IndexOf("</div>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task PublicPageSanitizesTheSummaryAsThePreviewDoes()
    {
        var topic = await TopicWithSummaryAsync(Hostile);
        var (status, html) = await PublicPageAsync(topic.Id);
        Assert.Equal(HttpStatusCode.OK, status);
        var prose = Prose(html);
        Assert.Contains("href=\"https://example.org/report\"", prose, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", prose, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", prose, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", prose, StringComparison.OrdinalIgnoreCase);

        using var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var preview = await TopicControlTests.PostAsync(editor, topic.Id, "Preview", ("Text.Summary", Hostile));
        var page = await preview.Content.ReadAsStringAsync();
        var start = page.IndexOf("<section class=\"preview\"", StringComparison.Ordinal);
        var shown = page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Contains(prose[(prose.IndexOf('>', StringComparison.Ordinal) + 1)..].Trim(), shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeeplyNestedSummaryIsRefusedAtSaveAndInPreview()
    {
        var topic = await TopicWithSummaryAsync(null);
        using var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);

        var save = await TopicControlTests.PostAsync(editor, topic.Id, "Text", ("Text.Summary", DeepQuotes), ("Reason", "quote"));
        Assert.Equal(HttpStatusCode.BadRequest, save.StatusCode);
        Assert.Contains("nests quotes or lists too deeply", await save.BodyAsync(), StringComparison.Ordinal);
        Assert.Null((await Factory.QueryAsync(db => db.Topics.AsNoTracking().SingleAsync(t => t.Id == topic.Id))).EditorSummary);

        var preview = await TopicControlTests.PostAsync(editor, topic.Id, "Preview", ("Text.Summary", DeepQuotes));
        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        Assert.Contains("nests quotes or lists too deeply", await preview.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoredSummaryMarkdownCannotRenderStillLeavesThePublicPageWorking()
    {
        var topic = await TopicWithSummaryAsync(DeepQuotes);
        var (status, html) = await PublicPageAsync(topic.Id);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("quoted", Prose(html), StringComparison.Ordinal);
    }
}
