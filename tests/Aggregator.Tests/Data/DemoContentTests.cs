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

    [Theory]
    [InlineData(null, true)]
    [InlineData("1", false)]
    public async Task AFreshInstallGroupsEachDemoStory(string? minVocabulary, bool grouped)
    {
        // The first import of a new install is a few dozen articles: the engine must not read the words it has seen
        // so far as all the words there are, or it splits every story into a topic per report.
        using var factory = new AppFactory();
        factory.Settings["Data:SeedDemoContent"] = "true";
        if (minVocabulary is not null)
        {
            factory.Settings["Clustering:Engine:MixtureMinVocabulary"] = minVocabulary;
        }

        await factory.WithDbAsync(async db =>
        {
            var lego = await db.Articles.Where(a => a.Title.Contains("Lego")).Select(a => a.TopicId).Distinct().CountAsync();
            var grok = await db.Articles.Where(a => a.Title.Contains("Grok")).Select(a => a.TopicId).Distinct().CountAsync();
            Assert.Equal(grouped, lego == 1 && grok <= 2);
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
