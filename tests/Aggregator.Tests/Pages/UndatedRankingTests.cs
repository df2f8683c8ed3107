using System.Text.Json;
using AngleSharp.Html.Parser;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Model;

namespace Aggregator.Tests.Pages;

public sealed class UndatedRankingTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();

    public async Task InitializeAsync()
    {
        var now = _factory.Clock.GetUtcNow();
        await _factory.WithDbAsync(async db =>
        {
            var source = new Source { Name = "Lab Pages", Slug = "lab-pages", FeedUrl = "https://lab.example.org/feed", Kind = SourceKind.FirstParty, Tier = 1, CreatedAt = now };
            db.Sources.Add(source);
            void Add(string id, string headline, int importance, DateTimeOffset latest, bool undated)
            {
                db.Topics.Add(new Topic
                {
                    Id = id, Slug = id, Headline = headline, Importance = importance, ComputedImportance = importance,
                    EarliestAt = latest, LatestAt = latest, IsUndated = undated, CreatedAt = now, UpdatedAt = now, ArticleCount = 1, SourceCount = 1,
                });
                db.Articles.Add(new Article
                {
                    Source = source, TopicId = id, Guid = id, Url = $"https://lab.example.org/{id}", Title = headline, PublishedAt = latest,
                    IsUndated = undated, FetchedAt = latest, UpdatedAt = latest, ContentHash = id, ClusteredAt = now,
                });
            }

            // Undated pages were first seen just now and rated highly; the dated stories are weeks old and minor.
            Add("undated001", "Interpretability", 5, now, undated: true);
            Add("undated002", "Alignment", 5, now.AddDays(-1), undated: true);
            Add("dated00001", "Lab ships a minor patch release", 1, now.AddDays(-30), undated: false);
            Add("dated00002", "Lab settles a lawsuit with publishers", 3, now.AddDays(-20), undated: false);
            await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UndatedStoriesNeverOutrankDatedOnesWhateverTheClock()
    {
        using var client = _factory.CreateClient();
        foreach (var shift in new[] { TimeSpan.Zero, TimeSpan.FromDays(400) })
        {
            _factory.Clock.Advance(shift);
            var doc = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri("/", UriKind.Relative)));
            var rows = doc.QuerySelectorAll(".topic-row").ToList();
            Assert.Equal(["Lab settles a lawsuit with publishers", "Lab ships a minor patch release", "Interpretability", "Alignment"],
                rows.Select(r => r.QuerySelector(".topic-row__headline")!.TextContent.Trim()));
            Assert.All(rows.Skip(2), r => Assert.Contains("undated, first seen", r.QuerySelector(".meta__age")!.TextContent, StringComparison.Ordinal));
            Assert.All(rows.Take(2), r => Assert.DoesNotContain("undated", r.QuerySelector(".meta__age")!.TextContent, StringComparison.Ordinal));

            // The outbound feed keeps the same order.
            using var feed = JsonDocument.Parse(await client.GetStringAsync(new Uri("/feeds/topics.json", UriKind.Relative)));
            Assert.Equal(["dated00002", "dated00001", "undated001", "undated002"],
                feed.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!.Split('/')[^1]));
        }
    }
}
