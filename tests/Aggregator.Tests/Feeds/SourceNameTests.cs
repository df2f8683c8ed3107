using System.Net;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Model;

namespace Aggregator.Tests.Feeds;

/// <summary>Subscribers read the publisher's name, as visitors do, never the qualifier that tells our feeds apart.</summary>
public sealed class SourceNameTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 10, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("/feeds/topics.rss")]
    [InlineData("/feeds/topics.atom")]
    [InlineData("/feeds/topics.json")]
    [InlineData("/feeds/topic/0123456789.rss")]
    [InlineData("/feeds/topic/0123456789.json")]
    [InlineData("/feeds/source/verge-all.atom")]
    [InlineData("/feeds/source/anthropic-community.rss")]
    [InlineData("/feeds/sources.opml")]
    public async Task OutboundFeedsNameTheSourceAsPagesDo(string path)
    {
        using var factory = new AppFactory();
        await factory.WithDbAsync(async db =>
        {
            var verge = new Source { Name = "The Verge (all)", Slug = "verge-all", FeedUrl = "https://example.org/verge.xml", Category = "News", CreatedAt = At };
            var community = new Source { Name = "Anthropic News (community-generated feed)", Slug = "anthropic-community", FeedUrl = "https://example.org/anthropic.xml", Category = "Labs", CreatedAt = At };
            db.Sources.AddRange(verge, community);
            db.Topics.Add(new Topic
            {
                Id = "0123456789", Slug = "a-story", Headline = "A story", Importance = 3, ComputedImportance = 3,
                ArticleCount = 2, SourceCount = 2, EarliestAt = At, LatestAt = At, CreatedAt = At, UpdatedAt = At,
            });
            await db.SaveChangesAsync();
            db.Articles.AddRange(
                new Article
                {
                    SourceId = verge.Id, TopicId = "0123456789", Guid = "g1", Url = "https://example.org/a1", Title = "A report", Author = "Sam Writer",
                    PublishedAt = At, FetchedAt = At, UpdatedAt = At, Text = "Text.", ContentHash = "h1", ClusteredAt = At,
                },
                new Article
                {
                    SourceId = community.Id, TopicId = "0123456789", Guid = "g2", Url = "https://example.org/a2", Title = "The lab's post",
                    PublishedAt = At.AddHours(1), FetchedAt = At, UpdatedAt = At, Text = "Text.", ContentHash = "h2", ClusteredAt = At,
                });
            await db.SaveChangesAsync();
        });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("(all)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("(community-generated feed)", body, StringComparison.Ordinal);
        Assert.Contains(path.Contains("anthropic", StringComparison.Ordinal) ? "Anthropic News" : "The Verge", body, StringComparison.Ordinal);
    }
}
