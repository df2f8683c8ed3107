using System.Net;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Operations;

public sealed class HostileContentTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        await HostileContent.SeedAsync(_factory);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EveryOutboundFeedKeepsHostileContentInert()
    {
        var paths = new List<string> { "/feeds/sources.opml" };
        foreach (var format in new[] { "rss", "atom", "json" })
        {
            paths.Add($"/feeds/topics.{format}");
            paths.Add($"/feeds/importance/1.{format}");
            for (var i = 0; i < HostileContent.Payloads.Length; i++)
            {
                // Every topic feed (article summaries are HTML); tag and source views share the topic rendering, so a sample.
                paths.Add($"/feeds/topic/e{i:x9}.{format}");
                if (i % 4 == 0)
                {
                    paths.Add($"/feeds/tag/evil-{i}.{format}");
                    paths.Add($"/feeds/source/evil-{i}.{format}");
                }
            }
        }

        paths.Add($"/feeds/category/{Aggregator.Web.Feeds.FeedUrls.CategorySlug("Category <script>alert(1)</script>")}.atom");

        foreach (var path in paths)
        {
            using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            HostileContent.AssertInertFeed(body, response.Content.Headers.ContentType!.MediaType!, path);
        }
    }

    [Fact]
    public async Task HostileTitlesArriveAsTheSameTextNotAsMarkup()
    {
        var feed = Feeds.FeedParsers.WithSyndication(await _client.GetStringAsync(new Uri("/feeds/topics.atom", UriKind.Relative)));
        Assert.Equal(HostileContent.Payloads.Length, feed.Items.Count);
        foreach (var payload in HostileContent.Payloads.Where(p => !p.Contains('\u0001', StringComparison.Ordinal)))
        {
            Assert.Contains(feed.Items, i => i.Title == $"Headline {payload}");
        }
    }
}
