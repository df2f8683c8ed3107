using System.Net;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Feeds;

/// <summary>Tests that change topics, each on its own app and database.</summary>
public sealed class FeedUpdateTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        await FeedTestData.SeedAsync(_factory);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("atom")]
    [InlineData("rss")]
    [InlineData("json")]
    public async Task GrowingTopicIsAnUpdateNotARepost(string format)
    {
        var url = new Uri($"/feeds/topics.{format}", UriKind.Relative);
        var before = FeedParsers.ParseAll(format, await _client.GetStringAsync(url));
        var oldUpdated = _factory.Clock.GetUtcNow();

        // What the clustering worker does: add members, recompute the topic, stamp it with the clock, evict the cache.
        _factory.Clock.Advance(TimeSpan.FromMinutes(45));
        await _factory.WithDbAsync(async db =>
        {
            var source = await db.Sources.SingleAsync(s => s.Slug == "quiet-journal");
            db.Articles.Add(new Article
            {
                SourceId = source.Id, TopicId = FeedTestData.ChipDeal, Guid = "late-1", Url = "https://quiet.example.net/articles/late-1",
                Title = "Regulators look at the chip supply deal", PublishedAt = _factory.Clock.GetUtcNow(), FetchedAt = _factory.Clock.GetUtcNow(),
                UpdatedAt = _factory.Clock.GetUtcNow(), ContentHash = "late-1", ClusteredAt = _factory.Clock.GetUtcNow(),
            });
            var topic = await db.Topics.SingleAsync(t => t.Id == FeedTestData.ChipDeal);
            topic.ArticleCount++;
            topic.LatestAt = _factory.Clock.GetUtcNow();
            // Clustering again an hour later changes nothing a subscriber sees.
            topic.UpdatedAt = _factory.Clock.GetUtcNow().AddHours(1);
            await db.SaveChangesAsync();
        });
        await _factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CacheTags.Topics, default);

        var after = FeedParsers.ParseAll(format, await _client.GetStringAsync(url));
        foreach (var (old, current) in before.Zip(after))
        {
            Assert.Equal(old.Items.Select(i => i.Id).Order(), current.Items.Select(i => i.Id).Order());
            var oldItem = old.Items.Single(i => i.Id.EndsWith(FeedTestData.ChipDeal, StringComparison.Ordinal));
            var newItem = current.Items.Single(i => i.Id.EndsWith(FeedTestData.ChipDeal, StringComparison.Ordinal));
            Assert.Contains("Regulators look at the chip supply deal", newItem.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Regulators", oldItem.Html, StringComparison.Ordinal);
            Assert.Equal(oldItem.Published, newItem.Published);
            if (!(format == "rss" && old.Parser == "CodeHollow"))
            {
                Assert.True(newItem.Updated > oldItem.Updated, $"{old.Parser}: {newItem.Updated} should be after {oldItem.Updated}");
                Assert.Equal(_factory.Clock.GetUtcNow(), newItem.Updated);
            }

            // The feed keeps the front page's order, which the fresher report moved the grown story up in.
            Assert.True(current.Items.ToList().IndexOf(newItem) <= old.Items.ToList().IndexOf(oldItem));
        }

        Assert.True(_factory.Clock.GetUtcNow() > oldUpdated);
    }

    [Fact]
    public async Task ConditionalGetReturnsNotModifiedUntilSomethingChanges()
    {
        var url = new Uri("/feeds/importance/4.atom", UriKind.Relative);
        using var first = await _client.GetAsync(url);
        var etag = first.Headers.ETag;
        var lastModified = first.Content.Headers.LastModified;
        Assert.NotNull(etag);
        Assert.NotNull(lastModified);

        // From the output cache.
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(url, etag.Tag, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(url, null, lastModified)).StatusCode);

        // Rendered afresh, nothing changed: the same validators.
        await _factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CacheTags.Topics, default);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(url, etag.Tag, null)).StatusCode);
        await _factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CacheTags.Topics, default);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(url, null, lastModified)).StatusCode);

        _factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await _factory.WithDbAsync(async db =>
        {
            var topic = await db.Topics.SingleAsync(t => t.Id == FeedTestData.ChipDeal);
            topic.Headline = "Chip maker signs a bigger supply deal";
            topic.LatestAt = _factory.Clock.GetUtcNow();
            await db.SaveChangesAsync();
        });
        await _factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CacheTags.Topics, default);

        using var changed = await SendAsync(url, etag.Tag, null);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.True(changed.Content.Headers.LastModified > lastModified);
        Assert.Contains("bigger supply deal", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var since = await SendAsync(url, null, lastModified);
        Assert.Equal(HttpStatusCode.OK, since.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, string? ifNoneMatch, DateTimeOffset? ifModifiedSince)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        request.Headers.IfModifiedSince = ifModifiedSince;
        return await _client.SendAsync(request);
    }
}
