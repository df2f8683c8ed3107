using System.Net;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Admin;

/// <summary>Editor changes reach the public topic page at once, through the output cache.</summary>
public class ReaderVisibilityTests(NewsroomFixture fixture) : IClassFixture<NewsroomFixture>
{
    private AdminAppFactory Factory => fixture.Factory;

    private Task<Topic> NewTopicAsync(params string[] titles) =>
        Factory.QueryAsync(db => NewsroomData.TopicAsync(db, Factory.Clock.GetUtcNow().AddHours(-3), 3, titles));

    private HttpClient Reader() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

    private static async Task<(HttpStatusCode Status, string Body)> ReadAsync(HttpClient reader, string topicId)
    {
        var response = await reader.GetAsync(new Uri($"/topics/{topicId}", UriKind.Relative));
        return (response.StatusCode, await response.BodyAsync());
    }

    [Fact]
    public async Task ImportanceChangeShowsOnThePublicPageAtOnce()
    {
        var topic = await NewTopicAsync("Robotics lab raises funds", "Funding round for robots");
        using var reader = Reader();
        var before = await ReadAsync(reader, topic.Id);
        Assert.Equal(HttpStatusCode.OK, before.Status);

        using var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        await TopicControlTests.PostAsync(editor, topic.Id, "Importance", ("Importance", "5"), ("Reason", "Largest round this year"));
        Assert.Contains("Importance 5 of 5", (await ReadAsync(reader, topic.Id)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HidingTakesThePageDownAndUndoBringsItBack()
    {
        var topic = await NewTopicAsync("Rumour about a model");
        using var reader = Reader();
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(reader, topic.Id)).Status);

        using var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        await TopicControlTests.PostAsync(editor, topic.Id, "Hide", ("hidden", "true"), ("Reason", "Unconfirmed"));
        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(reader, topic.Id)).Status);

        var entry = await Factory.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityId == topic.Id && a.Action == "topic.hide"));
        await editor.PostFormAsync("/admin/audit", "/admin/audit?handler=Undo", ("entryId", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(reader, topic.Id)).Status);
    }

    [Fact]
    public async Task EditedHeadlineAndMarkdownSummaryAreWhatReadersSee()
    {
        var topic = await NewTopicAsync("auto headline nobody likes");
        using var reader = Reader();
        await ReadAsync(reader, topic.Id);

        using var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        await TopicControlTests.PostAsync(editor, topic.Id, "Text",
            ("Text.Headline", "Lab opens its robotics model"), ("Text.Summary", "The model is **open** <b>raw</b>."), ("Reason", "Clarity"));
        var page = await reader.GetAsync(new Uri($"/topics/{topic.Id}", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Lab opens its robotics model", html, StringComparison.Ordinal);
        Assert.Contains("<strong>open</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>raw</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergedTopicAddressRedirectsToTheSurvivor()
    {
        var from = await NewTopicAsync("Chip ban widens");
        var into = await NewTopicAsync("Export controls on chips expand", "More on export controls");
        using var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        await TopicControlTests.PostAsync(editor, from.Id, "Merge", ("OtherTopicId", into.Id), ("Direction", "into"), ("Reason", "Same story"));

        using var browser = Factory.CreateBrowser();
        var old = await browser.GetAsync(new Uri($"/topics/{from.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.StartsWith($"/topics/{into.Id}/", old.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var reader = Reader();
        var survivor = await ReadAsync(reader, into.Id);
        Assert.Contains("Chip ban widens", survivor.Body, StringComparison.Ordinal);
    }
}
