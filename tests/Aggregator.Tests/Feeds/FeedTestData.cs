using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Shared;

namespace Aggregator.Tests.Feeds;

/// <summary>A small, hand-made set of sources, topics and tags inserted straight into the database.</summary>
internal static class FeedTestData
{
    public const string ModelLaunch = "a1b2c3d4e5";
    public const string ChipDeal = "b2c3d4e5f6";
    public const string Hidden = "c3d4e5f6a7";
    public const string Merged = "d4e5f6a7b8";
    public const string SmallNote = "e5f6a7b8c9";

    public static async Task SeedAsync(AppFactory factory)
    {
        var t0 = factory.Clock.GetUtcNow().AddHours(-6);
        await factory.WithDbAsync(async db =>
        {
            var wire = new Source { Name = "Example Wire", Slug = "example-wire", FeedUrl = "https://wire.example.com/feed.xml", SiteUrl = "https://wire.example.com/", Category = "Test News", CreatedAt = t0 };
            var lab = new Source { Name = "Lab Blog", Slug = "lab-blog", FeedUrl = "https://lab.example.org/rss", SiteUrl = "https://lab.example.org/", Kind = SourceKind.FirstParty, Category = "Test Labs", CreatedAt = t0 };
            var quiet = new Source { Name = "Quiet Journal", Slug = "quiet-journal", FeedUrl = "https://quiet.example.net/atom", Category = "Test News", CreatedAt = t0 };
            var off = new Source { Name = "Retired Feed", Slug = "retired", FeedUrl = "https://old.example.com/rss", Enabled = false, CreatedAt = t0 };
            await SeedConflicts.RemoveAsync(db, ["openai", "chips", "unused"]);
            db.Sources.AddRange(wire, lab, quiet, off);
            db.Tags.AddRange(new Tag { Slug = "acme-labs", Name = "Acme Labs", Kind = "company" }, new Tag { Slug = "wafer-supply", Name = "Wafer supply" }, new Tag { Slug = "unused-test-tag", Name = "Unused" });

            db.Topics.AddRange(
                NewTopic(ModelLaunch, "Lab releases a new reasoning model", 5, "AI Models", t0, t0.AddHours(3)),
                NewTopic(ChipDeal, "Chip maker signs supply deal", 4, "Hardware & Chips", t0.AddHours(1), t0.AddHours(2)),
                NewTopic(SmallNote, "Minor library update", 2, "AI Models", t0.AddHours(2), t0.AddHours(4)),
                NewTopic(Hidden, "Hidden by an editor", 5, "AI Models", t0, t0.AddHours(5), topic => topic.IsHidden = true),
                NewTopic(Merged, "Duplicate of the model launch", 5, "AI Models", t0, t0.AddHours(5), topic => topic.MergedIntoId = ModelLaunch));
            await db.SaveChangesAsync();

            db.TopicTags.AddRange(
                new TopicTag { TopicId = ModelLaunch, TagSlug = "acme-labs" },
                new TopicTag { TopicId = ChipDeal, TagSlug = "wafer-supply" },
                new TopicTag { TopicId = Hidden, TagSlug = "acme-labs" });

            var n = 0;
            Article NewArticle(Source source, string topicId, string title, int minutes) => new()
            {
                SourceId = source.Id, TopicId = topicId, Guid = $"guid-{++n}", Url = $"{source.SiteUrl ?? "https://quiet.example.net/"}articles/{n}",
                Title = title, Author = n % 2 == 0 ? "Sam Writer" : null, PublishedAt = t0.AddMinutes(minutes), FetchedAt = t0.AddMinutes(minutes + 1),
                UpdatedAt = t0.AddMinutes(minutes + 1), SummaryHtml = $"<p>Summary of <em>{title}</em></p>", ContentHash = $"hash-{n}", ClusteredAt = t0.AddMinutes(minutes + 2),
            };
            db.Articles.AddRange(
                NewArticle(lab, ModelLaunch, "Introducing our new reasoning model", 0),
                NewArticle(wire, ModelLaunch, "Lab unveils reasoning model", 30),
                NewArticle(quiet, ModelLaunch, "What the new model means", 90),
                NewArticle(wire, ChipDeal, "Chip maker inks multi-year supply deal", 60),
                NewArticle(quiet, ChipDeal, "Supply deal analysis", 100),
                NewArticle(lab, SmallNote, "Library 1.2.1 released", 120),
                NewArticle(wire, Hidden, "Something an editor hid", 10),
                NewArticle(wire, Merged, "Lab unveils model (duplicate)", 40));
            await db.SaveChangesAsync();

            foreach (var topic in db.Topics.ToList())
            {
                topic.LeadArticleId = db.Articles.Where(a => a.TopicId == topic.Id).OrderBy(a => a.PublishedAt).Select(a => (long?)a.Id).First();
            }

            await db.SaveChangesAsync();
        });
    }

    private static Topic NewTopic(string id, string headline, int importance, string category, DateTimeOffset created, DateTimeOffset updated, Action<Topic>? change = null)
    {
        var topic = new Topic
        {
            Id = id, Slug = headline.ToLowerInvariant().Replace(' ', '-'), Headline = headline, Dek = $"Dek for {headline}.",
            Summary = $"Summary sentence one about {headline}. Sentence two.", Importance = importance, ComputedImportance = importance,
            Category = category, ArticleCount = 2, SourceCount = 2, EarliestAt = created, LatestAt = updated, CreatedAt = created, UpdatedAt = updated,
        };
        change?.Invoke(topic);
        return topic;
    }

    /// <summary>What a subscriber should see for a view, straight from the database: visible topics.</summary>
    public static IQueryable<Topic> Visible(AppDbContext db) =>
        db.Topics.Where(t => !t.IsHidden && t.MergedIntoId == null && t.Articles.Any());

    /// <summary>The topics in the front page's order at the given time.</summary>
    public static List<Topic> InFrontPageOrder(IEnumerable<Topic> topics, DateTimeOffset now) =>
        [.. topics.Ranked(t => new RankKey(t.Id, t.Importance, t.LatestAt, t.IsUndated, t.IsPinned), now)];
}
