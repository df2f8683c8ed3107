using System.Globalization;
using System.Net;
using Aggregator.Web.Admin;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Admin;

/// <summary>Editors acting on the same topics at the same moment, through HTTP on one SQLite file.</summary>
public class ConcurrentEditTests(NewsroomFixture fixture) : IClassFixture<NewsroomFixture>
{
    private AdminAppFactory Factory => fixture.Factory;

    private Task<Topic> NewTopicAsync(params string[] titles) =>
        Factory.QueryAsync(db => NewsroomData.TopicAsync(db, Factory.Clock.GetUtcNow().AddDays(-1), 3, titles));

    private sealed record Desk(HttpClient Client, string Token);

    private async Task<Desk[]> DesksAsync(string anyTopicId)
    {
        var editor = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var chief = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        return
        [
            new(editor, await editor.GetTokenAsync($"/admin/topics/{anyTopicId}")),
            new(chief, await chief.GetTokenAsync($"/admin/topics/{anyTopicId}")),
        ];
    }

    /// <summary>Posts every form at once (released together) and returns the answers in order.</summary>
    private static async Task<(HttpStatusCode Status, string Body)[]> AllAtOnceAsync(IEnumerable<(Desk Desk, string TopicId, string Handler, (string, string)[] Fields)> posts)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = posts.Select(async post =>
        {
            var fields = post.Fields.Append(("__RequestVerificationToken", post.Desk.Token))
                .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2));
            using var content = new FormUrlEncodedContent(fields);
            await start.Task;
            using var response = await post.Desk.Client.PostAsync(new Uri($"/admin/topics/{post.TopicId}?handler={post.Handler}", UriKind.Relative), content);
            return (response.StatusCode, await response.BodyAsync());
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static (string, string)[] Merge(string intoId) => [("OtherTopicId", intoId), ("Direction", "into"), ("Reason", "same story")];

    private static void AssertDoneOrRefusedWithAMessage((HttpStatusCode Status, string Body) answer)
    {
        if (answer.Status == HttpStatusCode.Redirect)
        {
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Body.Contains(TopicEditor.Conflict, StringComparison.Ordinal)
            || answer.Body.Contains("was merged into", StringComparison.Ordinal)
            || answer.Body.Contains("no longer in this topic", StringComparison.Ordinal), "refused without a readable reason");
    }

    /// <summary>What no sequence of edits may leave behind.</summary>
    private async Task AssertTopicsConsistentAsync()
    {
        var (stranded, chained, empty, miscounted) = await Factory.QueryAsync(async db => (
            await db.Articles.CountAsync(a => a.TopicId != null && a.Topic!.MergedIntoId != null),
            await db.Topics.CountAsync(t => t.MergedIntoId != null && db.Topics.Any(u => u.Id == t.MergedIntoId && u.MergedIntoId != null)),
            await db.Topics.CountAsync(t => t.MergedIntoId == null && !db.Articles.Any(a => a.TopicId == t.Id)),
            await db.Topics.CountAsync(t => t.MergedIntoId == null && t.ArticleCount != db.Articles.Count(a => a.TopicId == t.Id))));
        Assert.Equal(0, stranded);
        Assert.Equal(0, chained);
        Assert.Equal(0, empty);
        Assert.Equal(0, miscounted);
    }

    private async Task AssertReadersReachAsync(IEnumerable<string> topicIds)
    {
        using var reader = Factory.CreateClient();
        foreach (var id in topicIds)
        {
            using var response = await reader.GetAsync(new Uri($"/topics/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task OppositeMergesAtTheSameMomentNeverMergeTwoTopicsIntoEachOther()
    {
        var pairs = new List<(Topic A, Topic B)>();
        for (var i = 0; i < 20; i++)
        {
            pairs.Add((await NewTopicAsync($"Pair {i} first report", $"Pair {i} follow-up"), await NewTopicAsync($"Pair {i} other report", $"Pair {i} reaction", $"Pair {i} analysis")));
        }

        var desks = await DesksAsync(pairs[0].A.Id);
        var answers = await AllAtOnceAsync(pairs.SelectMany(p => new[]
        {
            (desks[0], p.A.Id, "Merge", Merge(p.B.Id)),
            (desks[1], p.B.Id, "Merge", Merge(p.A.Id)),
        }));

        Assert.All(answers, AssertDoneOrRefusedWithAMessage);
        for (var i = 0; i < pairs.Count; i++)
        {
            // One of the two wins; the other is refused.
            Assert.Equal(1, new[] { answers[2 * i], answers[(2 * i) + 1] }.Count(a => a.Status == HttpStatusCode.Redirect));
        }

        await AssertTopicsConsistentAsync();
        var articles = await Factory.QueryAsync(db => db.Articles.CountAsync(a => pairs.Select(p => p.A.Id).Contains(a.Guid.Substring(0, 10))
            || pairs.Select(p => p.B.Id).Contains(a.Guid.Substring(0, 10))));
        Assert.Equal(20 * 5, articles);
        await AssertReadersReachAsync(pairs.SelectMany(p => new[] { p.A.Id, p.B.Id }));
    }

    [Fact]
    public async Task ChainedMergesAtTheSameMomentStrandNoArticle()
    {
        var chains = new List<(Topic A, Topic B, Topic C)>();
        for (var i = 0; i < 20; i++)
        {
            chains.Add((await NewTopicAsync($"Chain {i} a1", $"Chain {i} a2"), await NewTopicAsync($"Chain {i} b1", $"Chain {i} b2"), await NewTopicAsync($"Chain {i} c1")));
        }

        var desks = await DesksAsync(chains[0].A.Id);
        var answers = await AllAtOnceAsync(chains.SelectMany(c => new[]
        {
            (desks[0], c.A.Id, "Merge", Merge(c.B.Id)),
            (desks[1], c.B.Id, "Merge", Merge(c.C.Id)),
        }));

        Assert.All(answers, AssertDoneOrRefusedWithAMessage);
        await AssertTopicsConsistentAsync();
        await AssertReadersReachAsync(chains.SelectMany(c => new[] { c.A.Id, c.B.Id, c.C.Id }));
    }

    [Fact]
    public async Task ADoubleClickedSplitMakesOneNewTopic()
    {
        var topics = new List<(Topic Topic, long[] Selected)>();
        for (var i = 0; i < 8; i++)
        {
            var topic = await NewTopicAsync($"Split {i} one", $"Split {i} two", $"Split {i} three", $"Split {i} four");
            var ids = await Factory.QueryAsync(db => db.Articles.Where(a => a.TopicId == topic.Id).OrderBy(a => a.PublishedAt).Select(a => a.Id).ToArrayAsync());
            topics.Add((topic, ids[2..]));
        }

        var desks = await DesksAsync(topics[0].Topic.Id);
        (string, string)[] Split(long[] selected) =>
            [.. selected.Select(id => ("Selected", id.ToString(CultureInfo.InvariantCulture))), ("SplitHeadline", "The other story"), ("Reason", "two stories")];
        var answers = await AllAtOnceAsync(topics.SelectMany(t => new[]
        {
            (desks[0], t.Topic.Id, "Split", Split(t.Selected)),
            (desks[0], t.Topic.Id, "Split", Split(t.Selected)),
        }));

        Assert.All(answers, AssertDoneOrRefusedWithAMessage);
        foreach (var (topic, selected) in topics)
        {
            var homes = await Factory.QueryAsync(db => db.Articles.Where(a => selected.Contains(a.Id)).Select(a => a.TopicId).Distinct().ToListAsync());
            var home = Assert.Single(homes);
            Assert.NotEqual(topic.Id, home);
            Assert.Equal(2, await Factory.QueryAsync(db => db.Articles.CountAsync(a => a.TopicId == topic.Id)));
        }

        Assert.Equal(topics.Count, answers.Count(a => a.Status == HttpStatusCode.Redirect));
        await AssertTopicsConsistentAsync();
    }
}
