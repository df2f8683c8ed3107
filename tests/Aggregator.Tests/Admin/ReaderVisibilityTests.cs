using System.Net;
using Aggregator.Web.Clustering;
using Aggregator.Web.Model;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task EditorDecisionsHoldWhenLaterArticlesAreClustered()
    {
        var topic = await NewTopicAsync("Northwind Labs releases Falcon 3 language model", "Falcon 3 language model released by Northwind Labs");
        var other = await NewTopicAsync("Contoso opens a new datacenter in Oslo", "Contoso datacenter in Oslo opens");
        var merged = await NewTopicAsync("Falcon 3 model from Northwind Labs is out");
        var articles = await Factory.QueryAsync(db => db.Articles.AsNoTracking().Where(a => a.TopicId == topic.Id).OrderBy(a => a.PublishedAt).ToListAsync());
        var stray = await Factory.QueryAsync(db => db.Articles.AsNoTracking().Where(a => a.TopicId == other.Id).OrderBy(a => a.PublishedAt).LastAsync());

        using var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var id = System.Globalization.CultureInfo.InvariantCulture;
        await TopicControlTests.PostAsync(editor, topic.Id, "Importance", ("Importance", "5"), ("Reason", "Frontier model"));
        await TopicControlTests.PostAsync(editor, topic.Id, "Text", ("Text.Headline", "Northwind's Falcon 3 is here"), ("Text.Dek", "Editor dek"), ("Text.Summary", "Editor summary."));
        await TopicControlTests.PostAsync(editor, topic.Id, "Lead", ("Lead", articles[1].Id.ToString(id)));
        await TopicControlTests.PostAsync(editor, topic.Id, "Pin", ("pinned", "true"));
        await TopicControlTests.PostAsync(editor, merged.Id, "Merge", ("OtherTopicId", topic.Id), ("Direction", "into"));
        await TopicControlTests.PostAsync(editor, other.Id, "Move", ("MoveArticleId", stray.Id.ToString(id)), ("MoveTo", topic.Id));

        // More coverage of the same story arrives and is clustered.
        await Factory.QueryAsync(async db =>
        {
            var source = await NewsroomData.SourceAsync(db, "Late Wire");
            var at = Factory.Clock.GetUtcNow().AddMinutes(-30);
            for (var i = 0; i < 3; i++)
            {
                db.Articles.Add(new Article
                {
                    SourceId = source.Id, Guid = $"late-{topic.Id}-{i}", Url = $"https://93.184.215.14/late/{topic.Id}/{i}",
                    Title = i == 0 ? "Northwind Labs releases Falcon 3 language model to the public" : $"Northwind Labs Falcon 3 language model: take {i}",
                    Text = "Northwind Labs released Falcon 3, its new language model.", PublishedAt = at.AddMinutes(i), FetchedAt = at, UpdatedAt = at,
                    ContentHash = $"late-{topic.Id}-{i}", Importance = 1,
                });
            }

            await db.SaveChangesAsync();
            return 0;
        });
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
            Assert.Equal(3, result.Articles);
        }

        var after = await Factory.QueryAsync(db => db.Topics.AsNoTracking().SingleAsync(t => t.Id == topic.Id));
        var members = await Factory.QueryAsync(db => db.Articles.AsNoTracking().Where(a => a.TopicId == topic.Id).ToListAsync());
        Assert.Contains(members, a => a.Guid.StartsWith("late-", StringComparison.Ordinal));
        Assert.Equal(5, after.EditorImportance);
        Assert.Equal(5, after.Importance);
        Assert.Equal("Northwind's Falcon 3 is here", after.Headline);
        Assert.Equal("Editor dek", after.Dek);
        Assert.Equal("Editor summary.", after.Summary);
        Assert.Equal(articles[1].Id, after.LeadArticleId);
        Assert.True(after.IsPinned);
        Assert.Equal(topic.Id, (await Factory.QueryAsync(db => db.Topics.AsNoTracking().SingleAsync(t => t.Id == merged.Id))).MergedIntoId);
        Assert.Contains(members, a => a.Id == stray.Id && a.PlacedByEditor);
        Assert.Equal(members.Count, after.ArticleCount);

        using var reader = Reader();
        var page = await ReadAsync(reader, topic.Id);
        Assert.Contains("Northwind's Falcon 3 is here", page.Body, StringComparison.Ordinal);
        Assert.Contains("Importance 5 of 5", page.Body, StringComparison.Ordinal);
    }

    /// <summary>The newsroom journey end to end over HTTP: sign in, lower a score with a reason, merge, follow the old link.</summary>
    [Fact]
    public async Task EditorLowersImportanceThenMergesAndReadersFollow()
    {
        var story = await NewTopicAsync("Startup claims breakthrough in battery chemistry", "Battery breakthrough claim from startup");
        var duplicate = await NewTopicAsync("Battery startup says it has a breakthrough");
        await Factory.QueryAsync(async db =>
        {
            await db.Topics.Where(t => t.Id == story.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.ComputedImportance, 4).SetProperty(t => t.Importance, 4));
            return 0;
        });

        using var browser = Factory.CreateBrowser();
        var signIn = await browser.GetAsync(new Uri($"/admin/topics/{story.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var loginUrl = signIn.Headers.Location!.PathAndQuery;
        var signedIn = await browser.PostFormAsync(loginUrl, loginUrl, ("Input.Email", AdminAppFactory.EditorEmail), ("Input.Password", AdminAppFactory.Password),
            ("ReturnUrl", $"/admin/topics/{story.Id}"));
        Assert.Equal($"/admin/topics/{story.Id}", signedIn.Headers.Location!.OriginalString);

        var lowered = await TopicControlTests.PostAsync(browser, story.Id, "Importance", ("Importance", "2"), ("Reason", "Unverified single-lab claim"));
        Assert.Equal(HttpStatusCode.Redirect, lowered.StatusCode);
        using var reader = Reader();
        Assert.Contains("Importance 2 of 5", (await ReadAsync(reader, story.Id)).Body, StringComparison.Ordinal);

        var merged = await TopicControlTests.PostAsync(browser, duplicate.Id, "Merge", ("OtherTopicId", $"/topics/{story.Id}"), ("Direction", "into"), ("Reason", "Duplicate"));
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        var old = await browser.GetAsync(new Uri($"/topics/{duplicate.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.StartsWith($"/topics/{story.Id}/", old.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var followed = await ReadAsync(reader, duplicate.Id);
        Assert.Contains("Importance 2 of 5", followed.Body, StringComparison.Ordinal);
        Assert.Contains("Battery startup says it has a breakthrough", followed.Body, StringComparison.Ordinal);

        var log = await (await browser.GetAsync(new Uri($"/admin/audit?topic={story.Id}", UriKind.Relative))).BodyAsync();
        Assert.Contains("Unverified single-lab claim", log, StringComparison.Ordinal);
        Assert.Contains("topic.merge", log, StringComparison.Ordinal);
    }
}
