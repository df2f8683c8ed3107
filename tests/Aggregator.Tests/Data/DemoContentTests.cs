using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Data;

public class DemoContentTests
{
    [Fact]
    public async Task FreshInstallShowsClusteredDemoStoriesWithoutNetwork()
    {
        using var factory = new AppFactory();
        factory.Settings["Data:SeedDemoContent"] = "true";
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        await factory.WithDbAsync(async db =>
        {
            Assert.True(await db.Articles.CountAsync() >= 60, "the demo snapshots are imported");
            Assert.Equal(0, await db.Articles.CountAsync(a => a.TopicId == null));
            var multi = await db.Topics.Where(t => t.SourceCount > 1 && t.MergedIntoId == null && !t.IsHidden)
                .OrderByDescending(t => t.Importance).ThenByDescending(t => t.SourceCount).Select(t => t.Headline).ToListAsync();
            Assert.True(multi.Count >= 3, "several demo stories are covered by many sources");
            // The most important multi-source story is on the front page, as the page encodes it.
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(multi[0]), html, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task DemoContentIsImportedOnlyIntoAnEmptyDatabase()
    {
        using var factory = new AppFactory();
        factory.Settings["Data:SeedDemoContent"] = "true";
        int first = 0;
        await factory.WithDbAsync(async db => first = await db.Articles.CountAsync());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var initializer = scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.DatabaseInitializer>();
            await initializer.InitializeAsync(CancellationToken.None);
        }

        await factory.WithDbAsync(async db => Assert.Equal(first, await db.Articles.CountAsync()));
        Assert.True(first > 0);
    }
}
