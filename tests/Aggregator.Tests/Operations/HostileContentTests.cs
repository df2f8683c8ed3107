using System.Net;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Operations;

public sealed class HostileContentFixture : IAsyncLifetime
{
    public AppFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        await HostileContent.SeedAsync(Factory);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class HostileContentTests(HostileContentFixture fixture) : IClassFixture<HostileContentFixture>
{
    private readonly HttpClient _client = fixture.Client;

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
