using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering.Enrichment;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering.Enrichment;

public class TopicUpdaterTests : IClassFixture<AppFactory>
{
    private readonly AppFactory _app;

    public TopicUpdaterTests(AppFactory app) => _app = app;

    [Fact]
    public async Task LeadIsEarliestFirstPartyOrTierOneReport()
    {
        var topic = await BuildAsync(
            Article(Source("Forum", SourceKind.Community), "Someone spotted the Nu launch", "A forum user noticed it first.", Monday),
            Article(Source("Small Blog", tier: 3), "Nu is out", "The blog covered it early.", Monday.AddMinutes(30)),
            Article(Source("Nu Labs", SourceKind.FirstParty, tier: 1, owner: "Nu"), "Introducing Nu", "Today we are introducing Nu.", Monday.AddHours(1)),
            Article(Source("Big Wire", tier: 1), "Nu launches", "Nu launched its product.", Monday.AddHours(2)));

        Assert.Equal("Introducing Nu", topic.Headline);
        Assert.Equal(topic.Articles.Single(a => a.Title == "Introducing Nu").Id, topic.LeadArticleId);
    }

    [Fact]
    public async Task AReportThatDriftedIntoTheTopicNeverLeadsIt()
    {
        var topic = await BuildAsync(
            Article(Source("Big Wire", tier: 1), "Court system's chatbot did not go smoothly", "A court tried an AI chatbot.", Monday),
            Article(Source("Tech Daily", tier: 1), "Pi launches Pi Health for medical records", "Pi Health reads medical records.", Monday.AddHours(1)),
            Article(Source("Blog A"), "Pi Health wants your medical records", "Pi Health asks for records.", Monday.AddHours(2)),
            Article(Source("Blog B"), "Should you give Pi Health your medical records?", "Think before sharing records.", Monday.AddHours(3)),
            Article(Source("Blog C"), "Pi Health: what the launch means for medical records", "The launch explained.", Monday.AddHours(4)));

        Assert.Equal("Pi launches Pi Health for medical records", topic.Headline);
    }

    [Fact]
    public async Task AStoryLeadsTheThemeItDrewIn()
    {
        // A week of chatter that shares one word, "Orion", with everything, an earlier report that shares two with the
        // story, and one launch reported four times.
        var chatter = new[] { "Orion keeps forgetting names", "Is Orion slow today", "Orion wrote a wedding speech", "Orion versus the cat", "Orion refuses to draw horses", "Orion made a spreadsheet", "Orion got weird", "Orion and homework" };
        var topic = await BuildAsync(
        [
            Article(Source("Big Wire", tier: 1), "News groups want Nimbus to dig up deleted Orion logs", "A lawsuit over logs.", Monday),
            .. chatter.Select((title, i) => Article(Source("Forum " + i, SourceKind.Community), title, "A post.", Monday.AddHours(1 + i))),
            Article(Source("Blog A"), "Orion Health from Nimbus wants your medical records", "Orion Health asks for records.", Monday.AddHours(10)),
            Article(Source("Tech Daily", tier: 1), "Nimbus launches Orion Health for medical records", "Orion Health reads medical records.", Monday.AddHours(11)),
            Article(Source("Blog B"), "Should you give Nimbus's Orion Health your medical records?", "Think before sharing records.", Monday.AddHours(12)),
            Article(Source("Blog C"), "Nimbus Orion Health: what it means for medical records", "The launch explained.", Monday.AddHours(13)),
        ]);

        Assert.Equal("Nimbus launches Orion Health for medical records", topic.Headline);
    }

    [Fact]
    public async Task WithoutAuthoritativeReportLeadIsEarliestMostImportant()
    {
        var topic = await BuildAsync(
            Article(Source("Forum", SourceKind.Community), "Xi thread", "People discuss Xi.", Monday),
            Article(Source("Mid Blog"), "Xi raises $40 million in funding", "Xi raised $40 million from investors.", Monday.AddHours(1)),
            Article(Source("Other Blog"), "Xi raises money too", "Xi raised money.", Monday.AddHours(2)));

        Assert.Equal("Xi raises $40 million in funding", topic.Headline);
    }

    [Fact]
    public async Task EditorLeadHeadlineDekSummaryAndImportanceWin()
    {
        var topic = await BuildAsync(configure: t =>
            {
                t.EditorImportance = 5;
                t.EditorHeadline = "Editor's headline";
                t.EditorDek = "Editor's dek.";
                t.EditorSummary = "Editor's **summary**.";
            },
            articles:
            [
                Article(Source("Wire A", tier: 1), "Omicron ships", "Omicron shipped a product to customers in forty countries this week.", Monday),
                Article(Source("Wire B"), "Omicron's product reviewed", "Reviewers found the Omicron product solid and well priced overall.", Monday.AddHours(1)),
            ]);
        var chosenLead = topic.Articles.Single(a => a.Title == "Omicron's product reviewed").Id;
        topic = await RecomputeAsync(topic.Id, t => t.EditorLeadArticleId = chosenLead);

        Assert.Equal(5, topic.Importance);
        Assert.Equal(5, topic.EditorImportance);
        Assert.InRange(topic.ComputedImportance, 1, 4);
        Assert.Equal(chosenLead, topic.LeadArticleId);
        Assert.Equal("Editor's headline", topic.Headline);
        Assert.Equal("Editor's dek.", topic.Dek);
        Assert.Equal("Editor's **summary**.", topic.Summary);
        Assert.NotEmpty(topic.SummarySentences);
    }

    [Fact]
    public async Task OwnersCountOnceAcrossTheirFeeds()
    {
        var topic = await BuildAsync(
            Article(Source("Pi News", SourceKind.FirstParty, owner: "Pi"), "Pi announces", "Pi announced a thing.", Monday),
            Article(Source("Pi Research", SourceKind.FirstParty, owner: "Pi"), "Pi research note", "Pi explains the thing.", Monday.AddHours(1)),
            Article(Source("Independent"), "Pi's thing", "An outlet covers the thing from Pi.", Monday.AddHours(2)));

        Assert.Equal(3, topic.ArticleCount);
        Assert.Equal(2, topic.SourceCount);
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "sources" && f.Explanation.StartsWith("2 independent sources", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportanceFactorsAddUpToTheScoreAndExplainIt()
    {
        var sources = Enumerable.Range(0, 6).Select(i => Source($"Outlet {i}", tier: i == 0 ? 1 : 2)).ToList();
        sources.Add(Source("Rho AI", SourceKind.FirstParty, tier: 1, owner: "Rho"));
        var topic = await BuildAsync(sources.Select((s, i) => Article(s, i == 6 ? "Introducing Rho 2" : $"Rho launches Rho 2 model, report {i}",
            "Rho released Rho 2, a model trained on 20 trillion tokens, to all users.", Monday.AddHours(i))).ToArray());

        var names = topic.ImportanceFactors.Select(f => f.Name).ToList();
        Assert.Equal(["base", "sources", "source-mix", "velocity", "recency", "strongest-report"], names);
        Assert.Equal(topic.ComputedImportance, (int)Math.Clamp(Math.Round(topic.ImportanceFactors.Sum(f => f.Value), MidpointRounding.AwayFromZero), 1, 5));
        Assert.True(topic.ComputedImportance >= 4, $"computed {topic.ComputedImportance}");
        Assert.Equal(topic.ComputedImportance, topic.Importance);
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "sources" && f.Explanation.Contains("7 independent sources", StringComparison.Ordinal));
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "source-mix" && f.Explanation.Contains("1 first-party + 6 reporting", StringComparison.Ordinal) && f.Value > 0);
        Assert.All(topic.ImportanceFactors, f => Assert.False(string.IsNullOrWhiteSpace(f.Explanation)));
        Assert.All(topic.Articles, a => Assert.InRange(a.Importance, 1, 5));
    }

    [Fact]
    public async Task LoneCommunityPostRanksLow()
    {
        var topic = await BuildAsync(Article(Source("Forum", SourceKind.Community, tier: 3), "Anyone else like this keyboard?", "Just asking.", Monday));

        Assert.Equal(1, topic.ComputedImportance);
        Assert.Equal("single-source", topic.SourceLabel);
    }

    [Fact]
    public async Task TagsComeFromTheDictionaryThroughAliases()
    {
        var topic = await BuildAsync(
            Article(Source("Wire A"), "Chat GPT gets a health tab", "OpenAI said Chat GPT users can link medical records. Nvidia's chips were not involved.", Monday),
            Article(Source("Wire B"), "ChatGPT adds health", "ChatGPT now handles health questions, OpenAI said.", Monday.AddHours(1)));

        var slugs = topic.Tags.Select(t => t.TagSlug).ToList();
        Assert.Contains("chatgpt", slugs);
        Assert.Contains("openai", slugs);
        Assert.DoesNotContain("nvidia", slugs);
        Assert.Equal("OpenAI", topic.MainEntity);
        await _app.WithDbAsync(async db =>
        {
            var tag = await db.Tags.SingleAsync(t => t.Slug == "chatgpt");
            Assert.Equal("ChatGPT", tag.Name);
            Assert.Equal("product", tag.Kind);
            Assert.Equal("person", (await db.Tags.SingleAsync(t => t.Slug == "jensen-huang")).Kind);
        });
    }

    [Fact]
    public async Task CategoryFollowsKeywordsWithTheSourceCategoryAsPrior()
    {
        var hardware = await BuildAsync(Article(Source("Chip Desk"), "New GPU accelerator for data centers", "The chip uses HBM memory and a new processor design.", Monday));
        var policy = await BuildAsync(Article(Source("Gov Desk", category: "Policy"), "Sigma statement", "Sigma made a statement today.", Monday));
        var plain = await BuildAsync(Article(Source("Plain Desk"), "Tau statement", "Tau made a statement today.", Monday));

        Assert.Equal("hardware", hardware.Category);
        Assert.Equal("policy", policy.Category);
        Assert.Null(plain.Category);
    }

    [Fact]
    public async Task HeadlineDropsPublisherCreditAndSlugFollows()
    {
        var topic = await BuildAsync(Article(Source("News Search"), "Upsilon Details New Chips and a Car Project - The New York Times", "Upsilon detailed chips.", Monday));

        Assert.Equal("Upsilon Details New Chips and a Car Project", topic.Headline);
        Assert.Equal("upsilon-details-new-chips-and-a-car-project", topic.Slug);
    }

    [Fact]
    public async Task SummarySentencesAreTraceableAndNotRepeated()
    {
        const string shared = "Phi Corp said on Tuesday that its new phone will ship to buyers in March for $799.";
        var topic = await BuildAsync(
            Article(Source("Wire A", tier: 1), "Phi unveils phone", shared + " The phone has a larger battery than last year's model. Analysts expect strong sales in Asia.", Monday),
            Article(Source("Wire B"), "Phi's new phone", shared + " Phi also cut the price of its older phone by a hundred dollars.", Monday.AddHours(1)),
            Article(Source("Wire C"), "Phone from Phi", "The Phi phone ships in March, the company confirmed in a statement. Its camera was redesigned from scratch.", Monday.AddHours(2)));

        Assert.InRange(topic.SummarySentences.Count, 2, 4);
        foreach (var sentence in topic.SummarySentences)
        {
            var article = Assert.Single(topic.Articles, a => a.Id == sentence.ArticleId);
            Assert.Contains(sentence.Text, article.Text!, StringComparison.Ordinal);
        }

        Assert.Single(topic.SummarySentences, s => s.Text == shared);
        Assert.True(topic.SummarySentences.Select(s => s.ArticleId).Distinct().Count() >= 2);
        Assert.Equal(string.Join(' ', topic.SummarySentences.Select(s => s.Text)), topic.Summary);
        Assert.False(string.IsNullOrWhiteSpace(topic.Dek));
        Assert.NotEqual(topic.Headline, topic.Dek);
    }

    private Task<Topic> BuildAsync(params Article[] articles) => BuildAsync(null, articles);

    private async Task<Topic> BuildAsync(Action<Topic>? configure, Article[] articles)
    {
        var id = Guid.NewGuid().ToString("n")[..10];
        await _app.WithDbAsync(async db =>
        {
            var topic = new Topic { Id = id, Slug = "x", Headline = "x", CreatedAt = Monday, UpdatedAt = Monday };
            configure?.Invoke(topic);
            db.Topics.Add(topic);
            foreach (var article in articles)
            {
                article.TopicId = id;
                article.ClusteredAt = Monday;
            }

            db.Articles.AddRange(articles);
            await db.SaveChangesAsync();
        });
        return await RecomputeAsync(id, null);
    }

    private async Task<Topic> RecomputeAsync(string id, Action<Topic>? configure)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (configure is not null)
        {
            configure(await db.Topics.SingleAsync(t => t.Id == id));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        await scope.ServiceProvider.GetRequiredService<ITopicUpdater>().RecomputeAsync(db, [id], CancellationToken.None);
        db.ChangeTracker.Clear();
        return await db.Topics.AsNoTracking().Include(t => t.Articles).Include(t => t.Tags).SingleAsync(t => t.Id == id);
    }
}
