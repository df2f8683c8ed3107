using System.Net;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Admin;

public class UndoTests(NewsroomFixture fixture) : IClassFixture<NewsroomFixture>
{
    private AdminAppFactory Factory => fixture.Factory;

    private Task<Topic> NewTopicAsync(int importance, params string[] titles) =>
        Factory.QueryAsync(db => NewsroomData.TopicAsync(db, Factory.Clock.GetUtcNow().AddDays(-1), importance, titles));

    private Task<Topic> TopicAsync(string id) => Factory.QueryAsync(db => db.Topics.AsNoTracking().SingleAsync(t => t.Id == id));

    private Task<AuditEntry> LastEntryAsync(string topicId, string action) =>
        Factory.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == topicId && a.Action == action).OrderBy(a => a.Id).LastAsync());

    private static Task<HttpResponseMessage> UndoAsync(HttpClient client, long entryId) =>
        client.PostFormAsync("/admin/audit", "/admin/audit?handler=Undo", ("entryId", entryId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task UndoRestoresImportanceAndIsItselfAudited()
    {
        var topic = await NewTopicAsync(4, "Big launch");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        await TopicControlTests.PostAsync(client, topic.Id, "Importance", ("Importance", "1"), ("Reason", "Overhyped"));
        Assert.Equal(1, (await TopicAsync(topic.Id)).Importance);
        var entry = await LastEntryAsync(topic.Id, "topic.importance");

        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        using var chief = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        var undone = await UndoAsync(chief, entry.Id);
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);

        var restored = await TopicAsync(topic.Id);
        Assert.Null(restored.EditorImportance);
        Assert.Equal(4, restored.Importance);
        var original = await Factory.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == entry.Id));
        Assert.Equal(AdminAppFactory.AdminEmail, original.UndoneBy);
        Assert.Equal(Factory.Clock.GetUtcNow(), original.UndoneAt);
        var undo = await LastEntryAsync(topic.Id, "undo");
        Assert.Equal(AdminAppFactory.AdminEmail, undo.User);
        Assert.Contains($"#{entry.Id}", undo.Reason, StringComparison.Ordinal);

        var again = await UndoAsync(chief, entry.Id);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already undone", await again.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndoIsRefusedWhenALaterChangeWouldBeOverwritten()
    {
        var topic = await NewTopicAsync(3, "Contested story");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        await TopicControlTests.PostAsync(client, topic.Id, "Importance", ("Importance", "5"), ("Reason", "Breaking"));
        var first = await LastEntryAsync(topic.Id, "topic.importance");
        await TopicControlTests.PostAsync(client, topic.Id, "Importance", ("Importance", "2"), ("Reason", "Calmed down"));
        var second = await LastEntryAsync(topic.Id, "topic.importance");

        var refused = await UndoAsync(client, first.Id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var message = await refused.BodyAsync();
        Assert.Contains("a later change modified", message, StringComparison.Ordinal);
        Assert.Contains($"#{second.Id}", message, StringComparison.Ordinal);
        Assert.Equal(2, (await TopicAsync(topic.Id)).Importance);

        // Undone newest first, both go through.
        Assert.Equal(HttpStatusCode.Redirect, (await UndoAsync(client, second.Id)).StatusCode);
        Assert.Equal(5, (await TopicAsync(topic.Id)).Importance);
        Assert.Equal(HttpStatusCode.Redirect, (await UndoAsync(client, first.Id)).StatusCode);
        Assert.Equal(3, (await TopicAsync(topic.Id)).Importance);
    }

    [Fact]
    public async Task UndoingAMergeBringsTheTopicBack()
    {
        var from = await NewTopicAsync(2, "Half of a story", "More of the half");
        var into = await NewTopicAsync(3, "The other half");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        await TopicControlTests.PostAsync(client, from.Id, "Merge", ("OtherTopicId", into.Id), ("Direction", "into"), ("Reason", "Same story"));
        Assert.Equal(3, (await TopicAsync(into.Id)).ArticleCount);

        var merge = await LastEntryAsync(from.Id, "topic.merge");
        Assert.Equal(HttpStatusCode.Redirect, (await UndoAsync(client, merge.Id)).StatusCode);

        var back = await TopicAsync(from.Id);
        Assert.Null(back.MergedIntoId);
        Assert.Equal(2, back.ArticleCount);
        Assert.Equal(1, (await TopicAsync(into.Id)).ArticleCount);
        var articles = await Factory.QueryAsync(db => db.Articles.AsNoTracking().Where(a => a.TopicId == from.Id).ToListAsync());
        Assert.Equal(2, articles.Count);
        Assert.All(articles, a => Assert.False(a.PlacedByEditor));
    }

    [Fact]
    public async Task UndoingASplitReturnsTheArticlesAndRedirectsTheNewId()
    {
        var topic = await NewTopicAsync(3, "Mixed", "Mixed again", "Stray");
        var stray = await Factory.QueryAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.TopicId == topic.Id && a.Title == "Stray"));
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var split = await TopicControlTests.PostAsync(client, topic.Id, "Split", ("Selected", stray.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var newId = split.Headers.Location!.OriginalString["/admin/topics/".Length..];

        var entry = await LastEntryAsync(topic.Id, "topic.split");
        Assert.Equal(HttpStatusCode.Redirect, (await UndoAsync(client, entry.Id)).StatusCode);
        Assert.Equal(3, (await TopicAsync(topic.Id)).ArticleCount);
        Assert.Equal(topic.Id, (await TopicAsync(newId)).MergedIntoId);
    }

    [Fact]
    public async Task AuditLogFiltersByUserActionTopicAndDate()
    {
        var topic = await NewTopicAsync(3, "Filterable story");
        using var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        await TopicControlTests.PostAsync(editor, topic.Id, "Pin", ("pinned", "true"), ("Reason", "pin-reason-xyz"));
        using var chief = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        await TopicControlTests.PostAsync(chief, topic.Id, "Hide", ("hidden", "true"), ("Reason", "hide-reason-xyz"));

        async Task<string> PageAsync(string query) => await (await editor.GetAsync(new Uri("/admin/audit?" + query, UriKind.Relative))).BodyAsync();

        var byTopic = await PageAsync($"topic={topic.Id}");
        Assert.Contains("pin-reason-xyz", byTopic, StringComparison.Ordinal);
        Assert.Contains("hide-reason-xyz", byTopic, StringComparison.Ordinal);
        var byUser = await PageAsync($"topic={topic.Id}&user={Uri.EscapeDataString(AdminAppFactory.AdminEmail)}");
        Assert.DoesNotContain("pin-reason-xyz", byUser, StringComparison.Ordinal);
        Assert.Contains("hide-reason-xyz", byUser, StringComparison.Ordinal);
        var byAction = await PageAsync("action=topic.pin");
        Assert.Contains("pin-reason-xyz", byAction, StringComparison.Ordinal);
        Assert.DoesNotContain("hide-reason-xyz", byAction, StringComparison.Ordinal);
        var today = Factory.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("pin-reason-xyz", await PageAsync($"from={today}&to={today}"), StringComparison.Ordinal);
        Assert.DoesNotContain("pin-reason-xyz", await PageAsync("to=2020-01-01"), StringComparison.Ordinal);
    }
}
