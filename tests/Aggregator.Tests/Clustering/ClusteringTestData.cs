using Aggregator.Web.Data;
using Aggregator.Web.Model;

namespace Aggregator.Tests.Clustering;

/// <summary>Sources and articles written for the clustering tests.</summary>
internal static class ClusteringTestData
{
    public static readonly DateTimeOffset Monday = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static Source Source(string name, SourceKind kind = SourceKind.Reporting, int tier = 2, string? owner = null, string? category = null)
    {
        // Unique per call: several tests share one database.
        var slug = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()) + "-" + Guid.NewGuid().ToString("n")[..6];
        return new Source
        {
            Name = name,
            Slug = slug,
            FeedUrl = $"https://{slug}.example/feed.xml",
            SiteUrl = $"https://{slug}.example/",
            Kind = kind,
            Tier = tier,
            Owner = owner,
            Category = category,
            CreatedAt = Monday.AddDays(-30),
        };
    }

    public static Article Article(Source source, string title, string? text, DateTimeOffset published)
    {
        var guid = Guid.NewGuid().ToString("n");
        return new Article
        {
            Source = source,
            Guid = guid,
            Url = $"{source.SiteUrl}{guid}",
            Title = title,
            Text = text,
            PublishedAt = published,
            FetchedAt = published.AddMinutes(5),
            UpdatedAt = published.AddMinutes(5),
            ContentHash = guid,
        };
    }

    /// <summary>Made-up words that share nothing with each other (for n below 980; the pattern repeats after that).</summary>
    public static string Word(int n) =>
        string.Concat("bdfgklmnprstvz"[n % 14], "aeiou"[n / 14 % 5], "bdfgklmnprstvz"[n / 70 % 14], "aeiou"[n % 5], "x");

    public static async Task<List<Article>> AddAsync(AppDbContext db, params Article[] articles)
    {
        db.Articles.AddRange(articles);
        await db.SaveChangesAsync();
        return [.. articles];
    }
}
