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

    private static async Task<ClusteringRunResult> RunAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
    }
}
