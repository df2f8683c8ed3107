using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering;

/// <summary>The runner with the app's real engine on real SQLite.</summary>
public class RunnerWithEngineTests
{
    [Fact]
    public async Task GroupsReportsOfOneStoryAndKeepsOthersApart()
    {
        using var app = new AppFactory();
        await app.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Wire", tier: 1), "Acme unveils Quasar X9 electric truck with 800-mile range",
                "Acme unveiled the Quasar X9 electric truck on Monday, promising an 800-mile range and deliveries next year.", Monday),
            Article(Source("Daily"), "Acme's Quasar X9 electric truck promises 800 miles per charge",
                "The Quasar X9, Acme's first electric truck, goes 800 miles per charge, the company said at its unveiling.", Monday.AddHours(1)),
            Article(Source("Gazette"), "Quasar X9: Acme bets on a long-range electric truck",
                "Acme is betting its future on the Quasar X9 electric truck and its 800-mile battery range.", Monday.AddHours(2)),
            Article(Source("Ledger"), "Zorblatt Bank fined $50 million over money laundering failures",
                "Regulators fined Zorblatt Bank $50 million for failing to stop money laundering through its accounts.", Monday.AddHours(3)),
            Article(Source("Courier"), "Regulators hit Zorblatt Bank with $50 million money laundering fine",
                "Zorblatt Bank must pay a $50 million fine after regulators found money laundering control failures.", Monday.AddHours(4)),
            Article(Source("Gadgets"), "The best wireless earbuds for running this winter",
                "We tested twelve pairs of wireless earbuds on cold morning runs to find the most comfortable fit.", Monday.AddHours(5))));

        await RunAsync(app);
        var second = await RunAsync(app);

        Assert.Equal(0, second.Articles);
        await app.WithDbAsync(async db =>
        {
            var groups = await db.Articles.AsNoTracking().GroupBy(a => a.TopicId).Select(g => g.Select(a => a.Title).ToList()).ToListAsync();
            Assert.Equal(3, groups.Count);
            Assert.Contains(groups, g => g.Count == 3 && g.All(t => t.Contains("Quasar X9", StringComparison.Ordinal)));
            Assert.Contains(groups, g => g.Count == 2 && g.All(t => t.Contains("Zorblatt", StringComparison.Ordinal)));
            Assert.Contains(groups, g => g.Count == 1 && g[0].Contains("earbuds", StringComparison.Ordinal));
            var truck = await db.Topics.AsNoTracking().SingleAsync(t => t.ArticleCount == 3);
            Assert.Equal(3, truck.SourceCount);
            Assert.Equal("Acme unveils Quasar X9 electric truck with 800-mile range", truck.Headline);
            Assert.Equal("multi-source", truck.SourceLabel);
        });
    }

    [Fact]
    public async Task AFeedsTemplateIsLearnedPerFeedEvenWhenItsOwnerHasFeedsWithout()
    {
        // One owner, two feeds: the front page wraps every item in "Article URL ... Points ... Comments", the best-of
        // feed sends headlines alone. The template is in every front-page item but in under half of the owner's, so
        // learned per owner it stayed, and the front page's unrelated items heaped into one topic.
        using var app = new AppFactory();
        await app.WithDbAsync(async db =>
        {
            var front = Source("Hub - Front Page", owner: "Hub");
            var best = Source("Hub - Best", owner: "Hub");
            var articles = new List<Web.Model.Article>();
            for (var i = 0; i < 60; i++)
            {
                var words = $"Zor{Letters(i)}blat Quin{Letters(i)}tex Mav{Letters(i)}ero Trel{Letters(i)}pod";
                articles.Add(i % 5 < 2
                    ? Article(front, words, $"Article URL: https://site{Letters(i)}.example/{Letters(i)}-{Letters(i + 7)} Comments URL: https://hub.example/item?id={46_000_000 + i} Points: {10 + i} # Comments: {i % 9}", Monday.AddMinutes(20 * i))
                    : Article(best, words, null, Monday.AddMinutes(20 * i)));
            }

            await AddAsync(db, [.. articles]);
        });

        await RunAsync(app);

        await app.WithDbAsync(async db =>
        {
            // Only the items before the template is known (the engine looks for one from a feed's tenth item on) may
            // still share it; every later front-page item stands alone, as its words do. Learned per owner: 23 in one.
            var sizes = await db.Articles.AsNoTracking().GroupBy(a => a.TopicId).ToDictionaryAsync(g => g.Key!, g => g.Count());
            var front = await db.Articles.AsNoTracking().Where(a => a.Source!.Name == "Hub - Front Page").OrderBy(a => a.PublishedAt).Select(a => a.TopicId!).ToListAsync();
            Assert.Equal(24, front.Count);
            Assert.All(front.Skip(10), topicId => Assert.Equal(1, sizes[topicId]));
        });

        static string Letters(int n) => $"{(char)('a' + (n / 26 % 26))}{(char)('a' + (n % 26))}";
    }

    [Fact]
    public async Task AReportShownAloneJoinsItsStoryOnceTheStoryHasGrownAndItsAddressRedirects()
    {
        // The report founds a topic of its own, which is stored and shown; the story's later reports take up its words,
        // and on the next run the engine's second look sends it there: its topic merges into the story's.
        using var app = new AppFactory();
        var own = Enumerable.Range(0, 12).Select(k => Word(950 + k)).ToArray();
        await app.WithDbAsync(async db =>
        {
            var sources = Enumerable.Range(0, 10).Select(i => Source("Source " + i)).ToArray();
            var fillers = Enumerable.Range(0, 300).Select(i =>
                Article(sources[i % 10], $"{Word(3 * i)} {Word((3 * i) + 1)} {Word((3 * i) + 2)}", null, Monday.AddHours(-6).AddMinutes(i)));
            string[] extra = ["today", "update", "report", "latest", "news"];
            var story = Enumerable.Range(0, 20).Select(i => Article(sources[i % 10], $"Zorblatt Quasar truck recall {extra[i % 5]}", null, Monday.AddMinutes(i)));
            await AddAsync(db, [.. fillers, .. story, Article(Source("Wire", tier: 1), "Wire service starts", null, Monday.AddHours(-7))]);
        });
        await RunAsync(app);

        long reportId = 0;
        await app.WithDbAsync(async db => reportId = (await AddAsync(db, Article(await WireAsync(db), "truck recall " + string.Join(' ', own), null, Monday.AddMinutes(25))))[0].Id);
        await RunAsync(app);

        string alone = "", story = "";
        await app.WithDbAsync(async db =>
        {
            alone = (await db.Articles.AsNoTracking().SingleAsync(a => a.Id == reportId)).TopicId!;
            Assert.Equal(1, (await db.Topics.AsNoTracking().SingleAsync(t => t.Id == alone)).ArticleCount);
            story = (await db.Articles.AsNoTracking().FirstAsync(a => a.Title.StartsWith("Zorblatt"))).TopicId!;
        });

        // The story's later reports come over four runs; the report looks again four settles after its own.
        var merges = new List<int>();
        for (var run = 0; run < 4; run++)
        {
            await app.WithDbAsync(async db =>
            {
                var wire = await WireAsync(db);
                await AddAsync(db, [.. Enumerable.Range(3 * run, 3).Select(i => Article(wire, $"Zorblatt Quasar truck recall {own[i]}", null, Monday.AddMinutes(30 + i)))]);
            });
            merges.Add((await RunAsync(app)).Merges);
        }

        Assert.Equal([0, 0, 0, 1], merges);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(story, (await db.Articles.AsNoTracking().SingleAsync(a => a.Id == reportId)).TopicId);
            var merged = await db.Topics.AsNoTracking().SingleAsync(t => t.Id == alone);
            Assert.Equal(story, merged.MergedIntoId);
            Assert.Equal(33, (await db.Topics.AsNoTracking().SingleAsync(t => t.Id == story)).ArticleCount);
        });

        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri($"/topics/{alone}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.StartsWith($"/topics/{story}/", response.Headers.Location!.OriginalString);

        static Task<Web.Model.Source> WireAsync(Web.Data.AppDbContext db) => db.Sources.SingleAsync(s => s.Name == "Wire");
    }

    private static async Task<ClusteringRunResult> RunAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
    }
}
