using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Data;
using Aggregator.Web.Model;

namespace Aggregator.Tests.Pages;

/// <summary>A small newsroom written straight into the database: the stories every reader-page test looks at.</summary>
public static class ReaderData
{
    public const string SingleId = "597fab2eb8";
    public const string HealthId = "a1b2c3d4e5";
    public const string RelatedId = "b2c3d4e5f6";
    public const string MergedId = "c3d4e5f6a7";
    public const string HiddenId = "d4e5f6a7b8";
    public const int FillerCount = 32;

    public static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset OpinionAt = new(2026, 1, 7, 9, 25, 2, TimeSpan.Zero);

    public static async Task SeedAsync(AppFactory factory)
    {
        await factory.WithDbAsync(async db =>
        {
            await SeedConflicts.RemoveAsync(db, ["chatgpt", "claude", "gemini", "openai"], ["interconnects", "the-verge", "openai-news", "hacker-news-frontpage"]);
            var interconnects = Source(db, "Interconnects (Nathan Lambert)", "interconnects", SourceKind.Opinion, 2);
            var verge = Source(db, "The Verge", "the-verge", SourceKind.Reporting, 1);
            var openai = Source(db, "OpenAI News", "openai-news", SourceKind.FirstParty, 1);
            var hn = Source(db, "Hacker News", "hacker-news-frontpage", SourceKind.Community, 3);
            hn.ConsecutiveFailures = 4;
            hn.LastError = "HTTP 503 Service Unavailable";
            hn.LastHttpStatus = 503;
            verge.LastSuccessAt = Now.AddMinutes(-20);
            verge.LastCheckedAt = Now.AddMinutes(-20);
            // The shipped tag list may already hold these; add whatever is missing.
            foreach (var tag in new[]
            {
                new Tag { Slug = "chatgpt", Name = "ChatGPT", Kind = "product" },
                new Tag { Slug = "claude", Name = "Claude", Kind = "model" },
                new Tag { Slug = "gemini", Name = "Gemini", Kind = "model" },
                new Tag { Slug = "openai", Name = "OpenAI", Kind = "company" },
            })
            {
                if (await db.Tags.FindAsync(tag.Slug) is null)
                {
                    db.Tags.Add(tag);
                }
            }

            await db.SaveChangesAsync();

            var single = Topic(SingleId, "open-vs-closed-gap", "Analysis: Open versus closed model performance gaps and benchmarking limitations",
                "Nathan Lambert analyzes why open models lag closed models and argues that benchmark scores increasingly misrepresent real-world AI capabilities.",
                2, "business", "Nathan Lambert", 1, 1, OpinionAt, OpinionAt);
            var health = Topic(HealthId, "openai-launches-chatgpt-health", "OpenAI launches ChatGPT Health for medical questions",
                "A separate space in ChatGPT can read connected health records, with extra privacy promises.",
                4, "product", "OpenAI", 3, 3, Now.AddHours(-30), Now.AddHours(-2));
            var related = Topic(RelatedId, "chatgpt-ads-test", "ChatGPT begins testing ads in the free tier",
                "OpenAI says answers will not be influenced by advertisers.", 3, "business", "OpenAI", 1, 1, Now.AddHours(-5), Now.AddHours(-5));
            var merged = Topic(MergedId, "chatgpt-health-duplicate", "ChatGPT Health announced", null, 2, "product", "OpenAI", 1, 1, Now.AddHours(-29), Now.AddHours(-29));
            merged.MergedIntoId = HealthId;
            var hidden = Topic(HiddenId, "hidden-story", "A story editors removed", null, 5, "policy", null, 1, 1, Now.AddHours(-1), Now.AddHours(-1));
            hidden.IsHidden = true;
            db.Topics.AddRange(single, health, related, merged, hidden);
            for (var i = 0; i < FillerCount; i++)
            {
                db.Topics.Add(Topic($"f{i:d9}", $"filler-{i}", $"Research note number {i} on sparse attention", "A short research item.",
                    1, "research", null, 1, 1, Now.AddDays(-3).AddMinutes(-i), Now.AddDays(-3).AddMinutes(-i)));
            }

            await db.SaveChangesAsync();
            var pinned = await db.Topics.FindAsync($"f{FillerCount - 1:d9}");
            pinned!.IsPinned = true;
            await db.SaveChangesAsync();

            var opinion = Article(interconnects, SingleId, "Reading today's open-closed performance gap",
                "https://www.interconnects.ai/p/reading-todays-open-closed-performance", OpinionAt, 2,
                "Nathan Lambert examines the persistent performance gap between open-source and proprietary AI models.");
            var first = Article(openai, HealthId, "Introducing ChatGPT Health", "https://openai.com/index/introducing-chatgpt-health/",
                Now.AddHours(-30), 4, "ChatGPT Health is a dedicated space for health conversations that can connect medical records and wellness apps.");
            var report = Article(verge, HealthId, "OpenAI wants ChatGPT to read your medical records", "https://www.theverge.com/ai/chatgpt-health",
                Now.AddHours(-6), 3, "The new health tab keeps conversations separate and out of model training, OpenAI says.");
            var thread = Article(hn, HealthId, "ChatGPT Health (discussion)", "https://news.ycombinator.com/item?id=1", Now.AddHours(-2), 2,
                "Commenters debate privacy and whether a chatbot should interpret lab results.");
            var ads = Article(verge, RelatedId, "ChatGPT will start showing ads", "https://www.theverge.com/ai/chatgpt-ads", Now.AddHours(-5), 3,
                "Ads arrive at the bottom of answers for free users in the US.");
            var dupe = Article(openai, MergedId, "ChatGPT Health, briefly", "https://openai.com/index/chatgpt-health-brief/", Now.AddHours(-29), 2, "Short note.");
            db.Articles.AddRange(opinion, first, report, thread, ads, dupe);
            await db.SaveChangesAsync();

            single.LeadArticleId = opinion.Id;
            single.Summary = "Nathan Lambert examines the persistent performance gap between open-source and proprietary AI models.";
            single.SummarySentences = [new(single.Summary, opinion.Id)];
            single.ImportanceFactors = [new("sources", 1, "1 source, opinion"), new("recency", 0.4, "3 days old")];
            health.LeadArticleId = first.Id;
            health.Summary = "OpenAI opened ChatGPT Health. It keeps health chats apart from model training.";
            health.SummarySentences = [new("OpenAI opened ChatGPT Health.", first.Id), new("It keeps health chats apart from model training.", report.Id)];
            health.ImportanceFactors = [new("corroboration", 3, "3 independent sources"), new("first-party", 1, "announced by OpenAI")];
            related.LeadArticleId = ads.Id;
            db.TopicTags.AddRange(
                new TopicTag { TopicId = SingleId, TagSlug = "chatgpt" },
                new TopicTag { TopicId = SingleId, TagSlug = "claude" },
                new TopicTag { TopicId = SingleId, TagSlug = "gemini" },
                new TopicTag { TopicId = HealthId, TagSlug = "chatgpt" },
                new TopicTag { TopicId = HealthId, TagSlug = "openai" },
                new TopicTag { TopicId = RelatedId, TagSlug = "chatgpt" },
                new TopicTag { TopicId = RelatedId, TagSlug = "openai" });
            await db.SaveChangesAsync();
        });
    }

    private static Source Source(AppDbContext db, string name, string slug, SourceKind kind, int tier)
    {
        // A seeded source list may already hold the slug; the tests own its values either way.
        var source = db.Sources.SingleOrDefault(s => s.Slug == slug);
        if (source is null)
        {
            source = new Source { Name = name, Slug = slug, FeedUrl = $"https://example.org/{slug}.xml" };
            db.Sources.Add(source);
        }

        source.Name = name;
        source.Kind = kind;
        source.Tier = tier;
        source.CreatedAt = Now.AddDays(-30);
        return source;
    }

    private static Topic Topic(string id, string slug, string headline, string? dek, int importance, string? category, string? entity,
        int articles, int sources, DateTimeOffset earliest, DateTimeOffset latest) => new()
        {
            Id = id, Slug = slug, Headline = headline, Dek = dek, Importance = importance, ComputedImportance = importance,
            Category = category, MainEntity = entity, ArticleCount = articles, SourceCount = sources,
            EarliestAt = earliest, LatestAt = latest, CreatedAt = earliest, UpdatedAt = latest,
        };

    private static Article Article(Source source, string topicId, string title, string url, DateTimeOffset at, int importance, string text) => new()
    {
        SourceId = source.Id, TopicId = topicId, Guid = url, Url = url, Title = title, PublishedAt = at, FetchedAt = at, UpdatedAt = at,
        Text = text, ContentHash = url, Importance = importance, ClusteredAt = at,
    };
}
