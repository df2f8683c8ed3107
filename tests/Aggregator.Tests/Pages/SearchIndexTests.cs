using AngleSharp.Html.Parser;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Pages;

public sealed class SearchIndexTests
{
    [Fact]
    public async Task TopicSearchFollowsEditsAndDeletesAndSurvivesARestart()
    {
        using var factory = new AppFactory();
        factory.Settings["Reader:CacheSeconds"] = "1";
        using var client = factory.CreateClient();
        await factory.WithDbAsync(async db =>
        {
            for (var i = 0; i < 3; i++)
            {
                db.Topics.Add(new Topic
                {
                    Id = $"e{i:d9}", Slug = $"s{i}", Headline = $"Quantum pelican number {i}", ArticleCount = 1, SourceCount = 1,
                    EarliestAt = factory.Clock.GetUtcNow(), LatestAt = factory.Clock.GetUtcNow(),
                });
            }

            await db.SaveChangesAsync();
            var topic = await db.Topics.SingleAsync(t => t.Id == "e000000001");
            topic.Headline = "Walrus accelerator announced";
            db.Topics.Remove(await db.Topics.SingleAsync(t => t.Id == "e000000002"));
            await db.SaveChangesAsync();
        });

        async Task<List<string?>> FindAsync(string q)
        {
            var html = await client.GetStringAsync(new Uri("/search?q=" + q, UriKind.Relative));
            return [.. new HtmlParser().ParseDocument(html).QuerySelectorAll("#topic-results + ol h3 a").Select(a => a.GetAttribute("href"))];
        }

        Assert.Equal(["/topics/e000000000/s0"], await FindAsync("pelican"));
        Assert.Equal(["/topics/e000000001/s1"], await FindAsync("walrus"));

        // The seeder repairs an index that fell out of step (here: emptied by hand) on the next start.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM topic_search"));
        await using (var scope = factory.CreateScope(out var db))
        {
            var seeder = scope.ServiceProvider.GetServices<Aggregator.Web.Data.IStartupSeeder>().Single(s => s.Order == 5);
            await seeder.SeedAsync(db, CancellationToken.None);
        }

        Assert.Equal(["/topics/e000000001/s1"], await FindAsync("accelerator"));
    }
}
