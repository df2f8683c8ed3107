using System.Net;
using System.Text.Json.Nodes;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Admin;

public sealed class NewsroomFixture : IAsyncLifetime
{
    public AdminAppFactory Factory { get; } = new();

    public async Task InitializeAsync()
    {
        await Factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        await Factory.CreateAccountAsync(AdminAppFactory.EditorEmail, "Editor");
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public class TopicControlTests(NewsroomFixture fixture) : IClassFixture<NewsroomFixture>
{
    private AdminAppFactory Factory => fixture.Factory;

    private Task<Topic> NewTopicAsync(int importance, params string[] titles) =>
        Factory.QueryAsync(db => NewsroomData.TopicAsync(db, Factory.Clock.GetUtcNow().AddDays(-1), importance, titles));

    private Task<Topic> TopicAsync(string id) => Factory.QueryAsync(db => db.Topics.AsNoTracking().SingleAsync(t => t.Id == id));

    private Task<List<Article>> ArticlesAsync(string topicId) =>
        Factory.QueryAsync(db => db.Articles.AsNoTracking().Where(a => a.TopicId == topicId).OrderBy(a => a.PublishedAt).ToListAsync());

    private Task<List<AuditEntry>> AuditAsync(string topicId) =>
        Factory.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == topicId).OrderBy(a => a.Id).ToListAsync());

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string topicId, string handler, params (string, string)[] fields) =>
        client.PostFormAsync($"/admin/topics/{topicId}", $"/admin/topics/{topicId}?handler={handler}", fields);

    [Fact]
    public async Task ImportanceNeedsAReasonThenShowsAtOnceAndIsAudited()
    {
        var topic = await NewTopicAsync(4, "Lab ships a model", "Lab's model is out");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);

        var refused = await PostAsync(client, topic.Id, "Importance", ("Importance", "2"), ("Reason", " "));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Say why the importance changes", await refused.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(4, (await TopicAsync(topic.Id)).Importance);

        var outOfRange = await PostAsync(client, topic.Id, "Importance", ("Importance", "9"), ("Reason", "typo"));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("between 1 and 5", await outOfRange.BodyAsync(), StringComparison.Ordinal);

        var done = await PostAsync(client, topic.Id, "Importance", ("Importance", "2"), ("Reason", "Minor point release"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var saved = await TopicAsync(topic.Id);
        Assert.Equal(2, saved.EditorImportance);
        Assert.Equal(2, saved.Importance);
        Assert.Equal(4, saved.ComputedImportance);

        var entry = Assert.Single(await AuditAsync(topic.Id));
        Assert.Equal("topic.importance", entry.Action);
        Assert.Equal(AdminAppFactory.EditorEmail, entry.User);
        Assert.Equal("Minor point release", entry.Reason);
        Assert.Equal(Factory.Clock.GetUtcNow(), entry.At);
        Assert.Null(JsonNode.Parse(entry.Before!)![$"topic:{topic.Id}"]!["EditorImportance"]);
        Assert.Equal(2, (int)JsonNode.Parse(entry.After!)![$"topic:{topic.Id}"]!["EditorImportance"]!);

        var page = await (await client.GetAsync(new Uri($"/admin/topics/{topic.Id}", UriKind.Relative))).BodyAsync();
        Assert.Contains("Importance set to 2", page, StringComparison.Ordinal);
        Assert.Contains("Minor point release", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinAndHideChangeTheTopicAndAreAudited()
    {
        var topic = await NewTopicAsync(3, "Chip export rules tighten");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, topic.Id, "Pin", ("pinned", "true"), ("Reason", "Top story today"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, topic.Id, "Hide", ("hidden", "true"), ("Reason", "Legal review"))).StatusCode);
        var again = await PostAsync(client, topic.Id, "Hide", ("hidden", "true"));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already hidden", await again.BodyAsync(), StringComparison.Ordinal);

        var saved = await TopicAsync(topic.Id);
        Assert.True(saved.IsPinned);
        Assert.True(saved.IsHidden);
        Assert.Equal(["topic.pin", "topic.hide"], (await AuditAsync(topic.Id)).Select(a => a.Action));

        var hiddenList = await (await client.GetAsync(new Uri("/admin/topics?status=hidden", UriKind.Relative))).BodyAsync();
        Assert.Contains(topic.Id, hiddenList, StringComparison.Ordinal);
        var visibleList = await (await client.GetAsync(new Uri("/admin/topics?status=visible", UriKind.Relative))).BodyAsync();
        Assert.DoesNotContain(topic.Id, visibleList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadMustBeOneOfTheTopicsArticles()
    {
        var topic = await NewTopicAsync(3, "Open weights release", "Weights are on the hub", "Benchmarks of the weights");
        var other = await NewTopicAsync(2, "Unrelated story");
        var articles = await ArticlesAsync(topic.Id);
        var foreign = (await ArticlesAsync(other.Id))[0];
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);

        var refused = await PostAsync(client, topic.Id, "Lead", ("Lead", foreign.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("one of this topic's own articles", await refused.BodyAsync(), StringComparison.Ordinal);

        var done = await PostAsync(client, topic.Id, "Lead", ("Lead", articles[2].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Reason", "Best coverage"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var saved = await TopicAsync(topic.Id);
        Assert.Equal(articles[2].Id, saved.EditorLeadArticleId);
        Assert.Equal(articles[2].Id, saved.LeadArticleId);
        Assert.Equal("topic.lead", (await AuditAsync(topic.Id)).Single().Action);
    }

    [Fact]
    public async Task PreviewRendersMarkdownWithoutRawHtmlAndSavesNothing()
    {
        var topic = await NewTopicAsync(3, "Agents benchmark");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var preview = await PostAsync(client, topic.Id, "Preview",
            ("Text.Headline", "Edited"), ("Text.Summary", "A **bold** claim <script>alert(1)</script> [link](javascript:alert(2))"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = await preview.Content.ReadAsStringAsync();
        var start = page.IndexOf("<section class=\"preview\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no preview section");
        var html = page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains(">link</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:alert(2)", html, StringComparison.Ordinal);
        Assert.Null((await TopicAsync(topic.Id)).EditorSummary);
        Assert.Empty(await AuditAsync(topic.Id));
    }

    [Fact]
    public async Task HeadlineDekAndSummaryOverridesShowAtOnce()
    {
        var topic = await NewTopicAsync(3, "computed headline");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var done = await PostAsync(client, topic.Id, "Text",
            ("Text.Headline", "  Lab releases open model  "), ("Text.Dek", "Weights and a paper"), ("Text.Summary", "The lab **released** it."), ("Reason", "Clearer"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var saved = await TopicAsync(topic.Id);
        Assert.Equal("Lab releases open model", saved.Headline);
        Assert.Equal("Weights and a paper", saved.Dek);
        Assert.Equal("The lab **released** it.", saved.Summary);
        Assert.Equal("topic.text", (await AuditAsync(topic.Id)).Single().Action);

        var tooLong = await PostAsync(client, topic.Id, "Text", ("Text.Headline", new string('x', 301)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("a headline takes up to 300 characters", await tooLong.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeMovesArticlesAndLeavesARedirectingId()
    {
        var from = await NewTopicAsync(2, "Model A launches", "Model A is here");
        var into = await NewTopicAsync(3, "Lab launches model A", "Launch details");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);

        var self = await PostAsync(client, from.Id, "Merge", ("OtherTopicId", from.Id), ("Direction", "into"));
        Assert.Contains("cannot be merged into itself", await self.BodyAsync(), StringComparison.Ordinal);
        var unknown = await PostAsync(client, from.Id, "Merge", ("OtherTopicId", "ffffffffff"), ("Direction", "into"));
        Assert.Contains("There is no topic 'ffffffffff'", await unknown.BodyAsync(), StringComparison.Ordinal);

        // Editors paste links: the id is taken from the public URL.
        var done = await PostAsync(client, from.Id, "Merge", ("OtherTopicId", $"http://localhost/topics/{into.Id}/lab-launches"), ("Direction", "into"), ("Reason", "Same launch"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/admin/topics/{into.Id}", done.Headers.Location!.OriginalString);

        Assert.Equal(into.Id, (await TopicAsync(from.Id)).MergedIntoId);
        var members = await ArticlesAsync(into.Id);
        Assert.Equal(4, members.Count);
        Assert.All(members.Where(a => a.Guid.StartsWith(from.Id, StringComparison.Ordinal)), a => Assert.True(a.PlacedByEditor));
        Assert.Equal(4, (await TopicAsync(into.Id)).ArticleCount);
        Assert.Equal("topic.merge", (await AuditAsync(from.Id)).Single().Action);

        var mergedPage = await (await client.GetAsync(new Uri($"/admin/topics/{from.Id}", UriKind.Relative))).BodyAsync();
        Assert.Contains($"merged into", mergedPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplitCreatesATopicWithAFreshIdAndKeepsTheRest()
    {
        var topic = await NewTopicAsync(3, "Two stories mixed", "Story one again", "A different story");
        var articles = await ArticlesAsync(topic.Id);
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);

        var none = await PostAsync(client, topic.Id, "Split", ("Reason", "nothing ticked"));
        Assert.Contains("Tick the articles", await none.BodyAsync(), StringComparison.Ordinal);

        var all = new Dictionary<string, string> { ["Reason"] = "all" };
        using (var everything = new FormUrlEncodedContent(articles.Select(a => KeyValuePair.Create("Selected", a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                   .Append(KeyValuePair.Create("__RequestVerificationToken", await client.GetTokenAsync($"/admin/topics/{topic.Id}")))))
        {
            var refused = await client.PostAsync(new Uri($"/admin/topics/{topic.Id}?handler=Split", UriKind.Relative), everything);
            Assert.Contains("at least one article behind", await refused.BodyAsync(), StringComparison.Ordinal);
        }

        var done = await PostAsync(client, topic.Id, "Split",
            ("Selected", articles[2].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("SplitHeadline", "A different story, on its own"), ("Reason", "Unrelated"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var newId = done.Headers.Location!.OriginalString["/admin/topics/".Length..];
        Assert.Matches("^[0-9a-f]{10}$", newId);
        Assert.NotEqual(topic.Id, newId);

        var created = await TopicAsync(newId);
        Assert.Equal("A different story, on its own", created.Headline);
        Assert.Null(created.MergedIntoId);
        var moved = Assert.Single(await ArticlesAsync(newId));
        Assert.Equal(articles[2].Id, moved.Id);
        Assert.True(moved.PlacedByEditor);
        Assert.Equal(2, (await TopicAsync(topic.Id)).ArticleCount);
        Assert.Equal("topic.split", (await AuditAsync(topic.Id)).Single().Action);
    }

    [Fact]
    public async Task MoveArticleToAnotherTopic()
    {
        var from = await NewTopicAsync(3, "Story with a stray", "The stray article");
        var to = await NewTopicAsync(3, "Where the stray belongs");
        var stray = (await ArticlesAsync(from.Id))[1];
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);

        var done = await PostAsync(client, from.Id, "Move", ("MoveArticleId", stray.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("MoveTo", to.Id), ("Reason", "Wrong story"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(2, (await TopicAsync(to.Id)).ArticleCount);
        Assert.Equal(1, (await TopicAsync(from.Id)).ArticleCount);
        Assert.True((await ArticlesAsync(to.Id)).Single(a => a.Id == stray.Id).PlacedByEditor);
        Assert.Equal("topic.move-article", (await AuditAsync(from.Id)).Single().Action);

        var last = (await ArticlesAsync(from.Id)).Single();
        var refused = await PostAsync(client, from.Id, "Move", ("MoveArticleId", last.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("MoveTo", to.Id));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("only article of topic", await refused.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicListSearchesHeadlines()
    {
        var topic = await NewTopicAsync(5, "Quantum widget unveiled");
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var found = await (await client.GetAsync(new Uri("/admin/topics?q=quantum+WIDGET&minImportance=5", UriKind.Relative))).BodyAsync();
        Assert.Contains(topic.Id, found, StringComparison.Ordinal);
        var filtered = await (await client.GetAsync(new Uri("/admin/topics?q=quantum&minImportance=5&category=Elsewhere", UriKind.Relative))).BodyAsync();
        Assert.DoesNotContain(topic.Id, filtered, StringComparison.Ordinal);
    }
}
