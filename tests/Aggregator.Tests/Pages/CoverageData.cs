using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Text;

namespace Aggregator.Tests.Pages;

/// <summary>
/// A story covered the way feeds really deliver one, written for the topic-page tests: a wire headline three outlets
/// carried (one of them through Google News), a standfirst glued to its body, an image, a Reddit and a Hacker News
/// thread in their feeds' templates, a related story of the same week and an unrelated one of years before.
/// </summary>
public static class CoverageData
{
    private static readonly DateTimeOffset Now = ReaderData.Now;

    public const string FireId = "e1f2a3b4c5", FireSlug = "harbour-fire-closes-the-north-quay";
    public const string InspectionId = "e2f3a4b5c6", OldFireId = "e3f4a5b6c7";
    public const string Tag = "port-of-tallis";
    public const string WireHeadline = "Harbour fire closes the north quay for a week";

    public static async Task SeedAsync(AppFactory factory)
    {
        await factory.WithDbAsync(async db =>
        {
            var herald = Source(db, "Coastal Herald", "coastal-herald", SourceKind.Reporting, 1);
            var river = Source(db, "River Times", "river-times", SourceKind.Reporting, 2);
            var google = Source(db, "Google News - Top stories (US)", "google-news-top-us", SourceKind.Reporting, 3);
            var reddit = Source(db, "Reddit r/ports", "reddit-r-ports", SourceKind.Community, 3);
            var hn = Source(db, "Hacker News - Front Page", "hacker-news-frontpage", SourceKind.Community, 3);
            if (await db.Tags.FindAsync(Tag) is null)
            {
                db.Tags.Add(new Tag { Slug = Tag, Name = "Port of Tallis", Kind = "place" });
            }

            await db.SaveChangesAsync();

            db.Topics.AddRange(
                Topic(FireId, FireSlug, "Harbour fire closes the north quay", Now.AddHours(-20), Now.AddHours(-3)),
                Topic(InspectionId, "port-orders-crane-inspections", "Port orders inspections of every crane after the fire", Now.AddHours(-4), Now.AddHours(-4)),
                Topic(OldFireId, "warehouse-fire-at-the-port", "Warehouse fire at the Port of Tallis", Now.AddYears(-3), Now.AddYears(-3)));
            await db.SaveChangesAsync();

            var lead = Article(herald, FireId, "Inside the night the north quay burned", "https://herald.example/quay-night", Now.AddHours(-5), 4,
                html: """<figure><img src="https://herald.example/crane.jpg" alt="The crane"><figcaption>The north quay crane at dawn. | Image: Herald photo desk</figcaption></figure><p>Crews fought the blaze for nine hours before the wind turned</p><p>Firefighters said the fire began in a cable store under the crane rails.</p>""");
            db.Articles.AddRange(
                lead,
                Article(herald, FireId, WireHeadline, "https://herald.example/wire-quay", Now.AddHours(-20), 3,
                    text: "The port said the north quay would stay shut for a week while engineers check the crane rails."),
                Article(river, FireId, "Harbour fire closes the north quay for a week", "https://river.example/wire-quay", Now.AddHours(-19), 2,
                    text: "The port said the north quay would stay shut for a week while engineers check the crane rails."),
                Article(google, FireId, "Harbour fire closes the north quay for a week - Daily Post", "https://news.google.com/rss/articles/CBMiDailyPost", Now.AddHours(-18), 2,
                    html: """<ol><li><a href="https://news.google.com/rss/articles/CBMiDailyPost">Harbour fire closes the north quay for a week</a>&nbsp;&nbsp;Daily Post</li><li><a href="https://news.google.com/rss/articles/CBMiRiver">Crews still at the quay as smoke lingers</a>&nbsp;&nbsp;River Times</li></ol>"""),
                Article(river, FireId, "Crews still at the quay as smoke lingers", "https://river.example/smoke", Now.AddHours(-3), 2,
                    text: "Smoke still hung over the quay on Saturday. The port expects to reopen the south berths first."),
                Article(reddit, FireId, "Anyone else see the quay fire last night?", "https://www.reddit.com/r/ports/comments/abc/quay_fire", Now.AddHours(-6), 1,
                    text: "It lit up the whole bay. submitted by /u/dock_worker [link] [12 comments]"),
                Article(hn, FireId, "Harbour fire shows how fragile port logistics are", "https://blog.example/fragile-ports", Now.AddHours(-4), 1,
                    text: "Article URL: https://blog.example/fragile-ports Comments URL: https://news.ycombinator.com/item?id=777 Points: 27 # Comments: 9"),
                Article(herald, InspectionId, "Port orders inspections of every crane after the fire", "https://herald.example/inspections", Now.AddHours(-4), 2,
                    text: "Every crane at the port will be inspected before the quay reopens."),
                Article(herald, OldFireId, "Warehouse fire at the Port of Tallis", "https://herald.example/2023-warehouse", Now.AddYears(-3), 2,
                    text: "A warehouse burned at the port three years ago."));
            await db.SaveChangesAsync();

            var fire = await db.Topics.FindAsync(FireId);
            fire!.LeadArticleId = lead.Id;
            (fire.ArticleCount, fire.SourceCount) = (7, 5);
            db.TopicTags.AddRange(
                new TopicTag { TopicId = FireId, TagSlug = Tag },
                new TopicTag { TopicId = InspectionId, TagSlug = Tag },
                new TopicTag { TopicId = OldFireId, TagSlug = Tag });
            await db.SaveChangesAsync();
        });
    }

    private static Source Source(AppDbContext db, string name, string slug, SourceKind kind, int tier)
    {
        var source = db.Sources.Local.SingleOrDefault(s => s.Slug == slug) ?? db.Sources.SingleOrDefault(s => s.Slug == slug);
        if (source is null)
        {
            source = new Source { Name = name, Slug = slug, FeedUrl = $"https://example.org/{slug}.xml", CreatedAt = Now.AddDays(-30) };
            db.Sources.Add(source);
        }

        source.Kind = kind;
        source.Tier = tier;
        return source;
    }

    private static Topic Topic(string id, string slug, string headline, DateTimeOffset earliest, DateTimeOffset latest) => new()
    {
        Id = id, Slug = slug, Headline = headline, Dek = null, Importance = 2, ComputedImportance = 2, Category = "world",
        MainEntity = "Port of Tallis", ArticleCount = 1, SourceCount = 1, EarliestAt = earliest, LatestAt = latest, CreatedAt = earliest, UpdatedAt = latest,
    };

    private static Article Article(Source source, string topicId, string title, string url, DateTimeOffset at, int importance, string? text = null, string? html = null) => new()
    {
        Source = source, TopicId = topicId, Guid = url, Url = url, Title = title, PublishedAt = at, FetchedAt = at, UpdatedAt = at,
        Text = text ?? PlainText.FromHtml(html), SummaryHtml = html, ContentHash = url, Importance = importance, ClusteredAt = at,
    };
}
