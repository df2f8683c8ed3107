using System.Net;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Operations;

public class HostileContentFixture : IAsyncLifetime
{
    public AppFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    protected virtual bool AsStoredByIngestion => false;

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        await HostileContent.SeedAsync(Factory, AsStoredByIngestion);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class IngestedHostileContentFixture : HostileContentFixture
{
    protected override bool AsStoredByIngestion => true;
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

public sealed class HostilePageTests(IngestedHostileContentFixture fixture) : IClassFixture<IngestedHostileContentFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task EveryReaderPageKeepsHostileContentInert()
    {
        var paths = new List<string> { "/", "/sources", "/search?q=alert", "/search?q=" + Uri.EscapeDataString("<script>alert(1)</script>"), "/search?q=Headline" };
        for (var i = 0; i < HostileContent.Payloads.Length; i++)
        {
            paths.Add($"/topics/e{i:x9}");
            if (i % 3 == 0)
            {
                paths.Add($"/tags/evil-{i}");
                paths.Add($"/sources/evil-{i}");
            }
        }

        var rendered = 0;
        foreach (var path in paths)
        {
            using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            HostilePage.AssertInert(html, path);
            rendered += html.Contains("Headline &lt;script&gt;", StringComparison.Ordinal) || html.Contains("Headline &lt;", StringComparison.Ordinal) ? 1 : 0;
        }

        // The payloads were on the pages, as text.
        Assert.True(rendered > HostileContent.Payloads.Length / 2, $"only {rendered} pages showed the hostile headlines as text");
    }
}
