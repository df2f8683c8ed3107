using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Cli;
using Microsoft.AspNetCore.Hosting;
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
            // The Lego launch, and the regulators' response to Grok's images (the paywall and xAI's raise are stories
            // of their own).
            var lego = await db.Articles.Where(a => a.Title.Contains("Lego")).Select(a => a.TopicId).Distinct().CountAsync();
            var regulators = await db.Articles.Where(a => a.Title.Contains("Ofcom") || a.Title.StartsWith("Regulators from the UK"))
                .Select(a => a.TopicId).Distinct().CountAsync();
            Assert.Equal(grouped, lego == 1 && regulators == 1);
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

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task DemoContentComesOnlyInDevelopmentUnlessAskedFor(string environment, bool seeded)
    {
        using var factory = new AppFactory();
        factory.Settings.Remove("Data:SeedDemoContent");
        using var app = factory.WithWebHostBuilder(builder => builder.UseEnvironment(environment));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>();
        Assert.Equal(seeded, await db.Articles.AnyAsync());
    }

    [Fact]
    public async Task RemoveDemoTakesOutDemoArticlesTheirTopicsAndSearchRowsAndRequeuesRealArticles()
    {
        using var factory = new AppFactory();
        factory.Settings["Data:SeedDemoContent"] = "true";
        using var client = factory.CreateClient();
        const string realUrl = "https://www.example.com/real-grok-report";
        string grokTopic = "";
        await factory.WithDbAsync(async db =>
        {
            // One report of the Grok story plays a real article that the site clustered with the demo ones.
            var real = await db.Articles.Where(a => a.Title.Contains("Grok") && a.TopicId != null).OrderBy(a => a.Id).FirstAsync();
            real.Url = realUrl;
            grokTopic = real.TopicId!;
            await db.SaveChangesAsync();
            Assert.True(await db.Articles.CountAsync(a => a.TopicId == grokTopic) > 1);
        });

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["remove-demo"], output, error, CancellationToken.None));
        Assert.StartsWith("Removed ", output.ToString(), StringComparison.Ordinal);

        await factory.WithDbAsync(async db =>
        {
            var left = Assert.Single(await db.Articles.ToListAsync());
            Assert.Equal(realUrl, left.Url);
            Assert.Null(left.TopicId);
            Assert.Empty(await db.Topics.ToListAsync());
            Assert.Empty(await db.TopicTags.ToListAsync());
            if (!TestDatabase.IsPostgres)
            {
                Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM topic_search").SingleAsync());
                Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM articles_fts WHERE articles_fts MATCH 'health'").SingleAsync());
            }
        });

        var search = await client.GetStringAsync(new Uri("/search?q=ChatGPT+Health", UriKind.Relative));
        Assert.DoesNotContain("demo.aggregator.invalid", search, StringComparison.Ordinal);

        using var again = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["remove-demo"], again, error, CancellationToken.None));
        Assert.Equal("No demo content found.", again.ToString().Trim());
    }
}
