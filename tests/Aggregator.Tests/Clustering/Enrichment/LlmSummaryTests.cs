using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Enrichment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering.Enrichment;

public class LlmSummaryTests
{
    private static readonly SummaryArticle[] Articles =
    [
        new(101, "OpenAI launches ChatGPT Health", "OpenAI launched ChatGPT Health, a space for medical questions.", "Wire", Monday, 4),
        new(202, "Doctors wary of ChatGPT Health", "Doctors warned that the assistant can make mistakes.", "Paper", Monday.AddHours(2), 3),
    ];

    [Fact]
    public async Task CitedSentencesMapBackToArticlesAndUncitedAreDropped()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = "OpenAI launched ChatGPT Health for medical questions [1]. This sentence cites nothing at all. Doctors warned that it can make mistakes [2][1].";
        using var summarizer = Create(server.Endpoint);

        var sentences = await summarizer.SummarizeAsync(Articles, CancellationToken.None);

        Assert.NotNull(sentences);
        Assert.Collection(sentences,
            s => Assert.Equal(("OpenAI launched ChatGPT Health for medical questions.", 101L), (s.Text, s.ArticleId!.Value)),
            s => Assert.Equal(("Doctors warned that it can make mistakes.", 202L), (s.Text, s.ArticleId!.Value)));
        var request = Assert.Single(server.RequestBodies);
        Assert.Contains("test-model", request, StringComparison.Ordinal);
        Assert.Contains("[1] Wire, 2026-01-05: OpenAI launches ChatGPT Health", request, StringComparison.Ordinal);
        Assert.Contains("[2] Paper", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorOrUncitedReplyGivesNoSummary()
    {
        await using var server = await FakeChatServer.StartAsync();
        using var summarizer = Create(server.Endpoint);

        server.Reply = null;
        Assert.Null(await summarizer.SummarizeAsync(Articles, CancellationToken.None));

        server.Reply = "A summary that never cites its sources. It just talks.";
        Assert.Null(await summarizer.SummarizeAsync(Articles, CancellationToken.None));

        server.Reply = "Citing an article that does not exist [7]. And another [0].";
        Assert.Null(await summarizer.SummarizeAsync(Articles, CancellationToken.None));
    }

    [Fact]
    public async Task RunnerUsesTheModelForMultiArticleTopicsAndKeepsExtractiveOnFailure()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = "Chi released a new model to the public this week [1]. Reviewers found the model fast and cheap to run [2].";
        using var app = new ClusteringAppFactory();
        app.Settings["Clustering:Llm:Endpoint"] = server.Endpoint;
        app.Settings["Clustering:Llm:Model"] = "test-model";
        await app.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Wire A", tier: 1), "Chi releases model", "Chi released its new model on Monday to everyone who signed up.", Monday),
            Article(Source("Wire B"), "Chi model reviewed", "Reviewers said the Chi model is fast and cheap to run on laptops.", Monday.AddHours(1)),
            Article(Source("Wire C"), "Psi opens an office", "Psi opened a new office in Lisbon with two hundred staff members.", Monday.AddHours(2))));

        await app.RunAsync();

        await app.WithDbAsync(async db =>
        {
            var chi = await db.Topics.AsNoTracking().Include(t => t.Articles).SingleAsync(t => t.ArticleCount == 2);
            Assert.Equal("Chi released a new model to the public this week. Reviewers found the model fast and cheap to run.", chi.Summary);
            Assert.Equal(chi.Articles.OrderBy(a => a.PublishedAt).Select(a => (long?)a.Id), chi.SummarySentences.Select(s => s.ArticleId));
            var psi = await db.Topics.AsNoTracking().SingleAsync(t => t.ArticleCount == 1);
            Assert.Equal("Psi opened a new office in Lisbon with two hundred staff members.", psi.Summary);
        });
        Assert.Single(server.RequestBodies);

        // The endpoint fails on the next update: the extractive summary of the grown topic stands.
        server.Reply = null;
        await app.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Wire D"), "Chi model tested", "Testers said the Chi model handled long documents without trouble.", Monday.AddHours(3))));
        await app.RunAsync();

        await app.WithDbAsync(async db =>
        {
            var chi = await db.Topics.AsNoTracking().Include(t => t.Articles).SingleAsync(t => t.ArticleCount == 3);
            Assert.NotEmpty(chi.SummarySentences);
            Assert.All(chi.SummarySentences, s =>
                Assert.Contains(s.Text, chi.Articles.Single(a => a.Id == s.ArticleId).Text!, StringComparison.Ordinal));
        });
        Assert.Equal(2, server.RequestBodies.Count);
    }

    private static LlmTopicSummarizer Create(string endpoint) =>
        new(Options.Create(new ClusteringOptions { Llm = new LlmSummaryOptions { Endpoint = endpoint, Model = "test-model", TimeoutSeconds = 10 } }),
            NullLogger<LlmTopicSummarizer>.Instance);
}
