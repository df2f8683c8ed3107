using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Topics;

namespace Aggregator.Tests.Pages;

/// <summary>The topic page of a story as feeds deliver it: reports by publisher, reposts collapsed, threads apart.</summary>
public sealed class TopicCoverageTests : IClassFixture<TopicCoverageTests.Site>
{
    private readonly Site _site;

    public TopicCoverageTests(Site site) => _site = site;

    [Fact]
    public void AnAggregatorsItemsGoUnderTheOutletsThatWroteThemWithTheirOwnFeeds()
    {
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        Coverage.Article Item(long id, string title, string url, string source, int tier) =>
            new(id, title, url, at.AddHours(id), 3, null, null, source, source.ToLowerInvariant().Replace(' ', '-'), SourceKind.Reporting, tier);
        var reports = Coverage.ReportsOf([
            Item(1, "Harbour fire closes the east quay", "https://harbour-post.example/fire", "Harbour Post - Local", 1),
            Item(2, "Quay fire: crews work through the night - The Harbour Post", "https://news.google.com/rss/articles/a1", "News Search", 3),
            Item(3, "Port fire forces ferries to divert - Daily Ledger", "https://news.google.com/rss/articles/a2", "News Search", 3),
        ]);

        Assert.Equal(["Daily Ledger", "Harbour Post - Local"], reports.Select(p => p.Name).Order(StringComparer.Ordinal));
        var harbour = reports.Single(p => p.Name == "Harbour Post - Local");
        Assert.Equal(2, harbour.Entries.Count);
        Assert.Equal(1, harbour.Tier);
        Assert.Equal(2, reports.Single(p => p.Name == "Daily Ledger").Tier);
    }

    public sealed class Site : IAsyncLifetime
    {
        public AppFactory Factory { get; } = new();

        public const int OldStories = 10;

        public async Task InitializeAsync()
        {
            var guides = Path.Combine(Factory.DataDirectory, "guides");
            Directory.CreateDirectory(guides);
            await File.WriteAllTextAsync(Path.Combine(guides, "port-guide.md"), """
                ---
                title: How the port works
                summary: Berths, cranes and who runs them.
                tags: [port-of-tallis]
                ---
                The port has two quays.
                """);
            Factory.Settings["Reader:GuidesDirectory"] = guides;
            await CoverageData.SeedAsync(Factory);

            // Years of the port's history: related to its guide, never to this week's fire.
            await Factory.WithDbAsync(async db =>
            {
                for (var i = 0; i < OldStories; i++)
                {
                    var at = ReaderData.Now.AddYears(-2).AddDays(-i);
                    db.Topics.Add(new Aggregator.Web.Model.Topic
                    {
                        Id = $"e9{i:d8}", Slug = $"port-history-{i}", Headline = $"Port history note {i}", Importance = 1, ComputedImportance = 1,
                        ArticleCount = 1, SourceCount = 1, EarliestAt = at, LatestAt = at, CreatedAt = at, UpdatedAt = at,
                    });
                    db.TopicTags.Add(new Aggregator.Web.Model.TopicTag { TopicId = $"e9{i:d8}", TagSlug = CoverageData.Tag });
                }

                await db.SaveChangesAsync();
            });
        }

        public async Task<IHtmlDocument> GetAsync(string url)
        {
            using var client = Factory.CreateClient();
            var html = await client.GetStringAsync(new Uri(url, UriKind.Relative));
            return new HtmlParser().ParseDocument(html);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private static string Text(IElement? element) => string.Join(' ', (element?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private Task<IHtmlDocument> FirePageAsync() => _site.GetAsync($"/topics/{CoverageData.FireId}/{CoverageData.FireSlug}");

    [Fact]
    public async Task GroupsReportsByPublisherNewestFirstAndCollapsesAWireHeadlineIntoOneLine()
    {
        var doc = await FirePageAsync();
        // River Times reported last; the Herald's lead came before; the Google News stub is credited to its outlet,
        // and it and River Times carried the Herald's wire headline, so neither shows it again.
        Assert.Equal(["River Times", "Coastal Herald"], doc.QuerySelectorAll(".timeline__item .timeline__source").Select(Text));
        var wire = doc.QuerySelectorAll(".timeline a").Where(a => Text(a) == CoverageData.WireHeadline + " ↗").ToList();
        Assert.Single(wire);
        Assert.Equal("https://herald.example/wire-quay", wire[0].GetAttribute("href"));
        Assert.Equal("Also carried by River Times, Daily Post", Text(doc.QuerySelector(".reposts")));
        Assert.DoesNotContain("Google News", Text(doc.QuerySelector(".timeline")));
    }

    [Fact]
    public async Task ShowsCleanPlainExcerptsWithoutFeedMarkupOrImages()
    {
        var doc = await FirePageAsync();
        var timeline = doc.QuerySelector(".timeline")!;
        Assert.Empty(timeline.QuerySelectorAll("img, figure, table, .timeline__item ol"));
        var excerpts = timeline.QuerySelectorAll(".timeline__summary").Select(Text).ToList();
        // The standfirst is a sentence of its own, the caption is gone.
        Assert.Contains("Crews fought the blaze for nine hours before the wind turned. Firefighters said the fire began in a cable store under the crane rails.", excerpts);
        Assert.DoesNotContain(excerpts, e => e.Contains("Image:", StringComparison.Ordinal) || e.Contains("Daily Post", StringComparison.Ordinal));
        var page = Text(doc.QuerySelector("article.topic"));
        foreach (var template in new[] { "submitted by", "[link]", "[comments]", "Article URL", "Comments URL", "Points:" })
        {
            Assert.DoesNotContain(template, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PutsCommunityThreadsInTheirOwnDiscussionSectionWithTheirCounts()
    {
        var doc = await FirePageAsync();
        Assert.Equal("Discussion · 2 threads", Text(doc.QuerySelector("#discussion-heading")));
        Assert.Equal("27 points · 21 comments", Text(doc.QuerySelector(".discussion__counts")));
        var threads = doc.QuerySelectorAll(".discussion__item").Select(Text).ToList();
        Assert.Equal(2, threads.Count);
        Assert.StartsWith("Hacker News - Front Page: Harbour fire shows how fragile port logistics are ↗", threads[0], StringComparison.Ordinal);
        Assert.EndsWith("27 points · 9 comments", threads[0], StringComparison.Ordinal);
        Assert.EndsWith("12 comments", threads[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Reddit", Text(doc.QuerySelector(".timeline")));
    }

    [Fact]
    public async Task RelatedEventsAreOfTheSameDaysAndTheirCountIsWhatIsListed()
    {
        var doc = await FirePageAsync();
        var listed = doc.QuerySelectorAll("#related-events-heading ~ ul .related__item h3 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/topics/{CoverageData.InspectionId}/port-orders-crane-inspections"], listed);
        Assert.Equal($"Related events ({listed.Count})", Text(doc.QuerySelector("#related-events-heading")));
        var more = doc.QuerySelector(".related__more a")!;
        Assert.Equal($"/tags/{CoverageData.Tag}", more.GetAttribute("href"));
        Assert.Equal("All stories about Port of Tallis →", Text(more));
    }

    [Fact]
    public async Task HidesEmptySections()
    {
        // Years ago: no story of its days shares its tag, and it has no threads.
        var doc = await _site.GetAsync($"/topics/{CoverageData.OldFireId}/warehouse-fire-at-the-port");
        Assert.Null(doc.QuerySelector("#related-events-heading"));
        Assert.Null(doc.QuerySelector("#discussion-heading"));
        Assert.NotNull(doc.QuerySelector(".timeline"));
    }

    [Fact]
    public async Task AGuideListsItsRelatedEventsAPageAtATimeWithTheCountOfWhatIsListed()
    {
        const int total = Site.OldStories + 3;
        var doc = await _site.GetAsync("/guides/port-guide");
        Assert.Equal("Related events (8)", Text(doc.QuerySelector("#related-events-heading")));
        Assert.Equal(8, doc.QuerySelectorAll(".related__item").Length);
        Assert.Contains($"1–8 of {total}", Text(doc.QuerySelector(".related__more")), StringComparison.Ordinal);

        var next = doc.QuerySelector(".related__more a[rel=next]")!.GetAttribute("href")!;
        var second = await _site.GetAsync(next);
        Assert.Equal($"Related events ({total - 8})", Text(second.QuerySelector("#related-events-heading")));
        Assert.Contains($"9–{total} of {total}", Text(second.QuerySelector(".related__more")), StringComparison.Ordinal);
        Assert.Null(second.QuerySelector(".related__more a[rel=next]"));

        var firstPage = doc.QuerySelectorAll(".related__item h3 a").Select(a => a.GetAttribute("href"));
        Assert.Empty(firstPage.Intersect(second.QuerySelectorAll(".related__item h3 a").Select(a => a.GetAttribute("href"))));
    }

    [Fact]
    public async Task SearchSnippetsAndTheTopicFeedCarryNoTemplate()
    {
        var bay = await _site.GetAsync("/search?q=bay");
        // The snippet is the sentence before the template, or (PostgreSQL's ts_headline) the words of it around the match.
        var snippet = Assert.Single(bay.QuerySelectorAll("p.snippet").Select(Text));
        Assert.Contains("bay.", snippet, StringComparison.Ordinal);
        Assert.EndsWith(snippet, "It lit up the whole bay.", StringComparison.Ordinal);

        // A body that was all template has no snippet; its title still finds it.
        var fragile = await _site.GetAsync("/search?q=fragile");
        Assert.Equal("Harbour fire shows how fragile port logistics are ↗", Text(fragile.QuerySelector(".result h3")));
        Assert.Empty(fragile.QuerySelectorAll("p.snippet"));

        using var client = _site.Factory.CreateClient();
        var feed = await client.GetStringAsync(new Uri($"/feeds/topic/{CoverageData.FireId}.rss", UriKind.Relative));
        Assert.Contains("It lit up the whole bay.", feed, StringComparison.Ordinal);
        foreach (var template in new[] { "submitted by", "[link]", "Comments URL", "Points:", "CBMiRiver" })
        {
            Assert.DoesNotContain(template, feed, StringComparison.Ordinal);
        }
    }
}
