using System.Text;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Shared;
using Aggregator.Web.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Feeds;

/// <summary>What a feed request resolved to: a document, a redirect to a merged topic's feed, or a reason it does not exist.</summary>
public sealed record FeedResult(FeedDocument? Document, string? RedirectTopicId, string? NotFound);

/// <summary>Reads the topics of each view and turns them into a <see cref="FeedDocument"/>.</summary>
public sealed class FeedBuilder(AppDbContext db, FeedHtml html, IOptions<FeedsOptions> options, TimeProvider clock)
{
    // An empty view still needs a stable date for Last-Modified and the feed's own updated field.
    private static readonly DateTimeOffset EmptyFeedDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private FeedsOptions Options => options.Value;

    /// <summary>Topics a subscriber may see: not hidden, not merged away, with at least one article.</summary>
    private IQueryable<Topic> VisibleTopics =>
        db.Topics.AsNoTracking().Where(t => !t.IsHidden && t.MergedIntoId == null && t.Articles.Any());

    public Task<FeedResult> AllAsync(string baseUrl, CancellationToken ct) =>
        BuildAsync(baseUrl, "/feeds/topics", "Aggregator: all stories", "Every story Aggregator follows, in front-page order.", "/", VisibleTopics, ct);

    public async Task<FeedResult> CategoryAsync(string baseUrl, string slug, CancellationToken ct)
    {
        var categories = await db.Topics.AsNoTracking().Where(t => t.Category != null).Select(t => t.Category!).Distinct().ToListAsync(ct);
        var category = categories.FirstOrDefault(c => FeedUrls.CategorySlug(c) == slug);
        if (category is null)
        {
            return new FeedResult(null, null, $"No category '{slug}'.");
        }

        return await BuildAsync(baseUrl, $"/feeds/category/{slug}", $"Aggregator: {category}", $"Stories in {category}.",
            $"/categories/{Uri.EscapeDataString(category)}", VisibleTopics.Where(t => t.Category == category), ct);
    }

    public async Task<FeedResult> TagAsync(string baseUrl, string slug, CancellationToken ct)
    {
        var tag = await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == slug, ct);
        if (tag is null)
        {
            return new FeedResult(null, null, $"No tag '{slug}'.");
        }

        return await BuildAsync(baseUrl, $"/feeds/tag/{slug}", $"Aggregator: {tag.Name}", $"Stories tagged {tag.Name}.",
            $"/tags/{slug}", VisibleTopics.Where(t => t.Tags.Any(x => x.TagSlug == slug)), ct);
    }

    public async Task<FeedResult> SourceAsync(string baseUrl, string slug, CancellationToken ct)
    {
        var source = await db.Sources.AsNoTracking().Where(s => s.Slug == slug).Select(s => new { s.Id, s.Name }).FirstOrDefaultAsync(ct);
        if (source is null)
        {
            return new FeedResult(null, null, $"No source '{slug}'.");
        }

        var name = SourceLabels.Name(source.Name);
        return await BuildAsync(baseUrl, $"/feeds/source/{slug}", $"Aggregator: stories with {name}",
            $"Stories {name} contributed to.", $"/sources/{slug}",
            VisibleTopics.Where(t => t.Articles.Any(a => a.SourceId == source.Id)), ct);
    }

    public Task<FeedResult> ImportanceAsync(string baseUrl, int minimum, CancellationToken ct) =>
        BuildAsync(baseUrl, $"/feeds/importance/{minimum}", $"Aggregator: importance {minimum}/5 and up",
            $"Stories rated {minimum} out of 5 or higher.", "/",
            VisibleTopics.Where(t => t.Importance >= minimum), ct);

    /// <summary>One story's articles, newest first: follow a story as it develops.</summary>
    public async Task<FeedResult> TopicAsync(string baseUrl, string id, CancellationToken ct)
    {
        var topic = await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (topic is null || topic.IsHidden)
        {
            return new FeedResult(null, null, $"No topic '{id}'.");
        }

        if (topic.MergedIntoId is not null)
        {
            return new FeedResult(null, topic.MergedIntoId, null);
        }

        var articles = await db.Articles.AsNoTracking()
            .Where(a => a.TopicId == id)
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(Options.MaxItems)
            .Select(a => new { a.Id, a.Title, a.Url, a.Author, a.SummaryHtml, a.Text, a.PublishedAt, a.UpdatedAt, SourceName = a.Source!.Name })
            .ToListAsync(ct);
        articles = [.. articles.Select(a => a with { SourceName = SourceLabels.Name(a.SourceName) })];

        var topicUrl = baseUrl + FeedUrls.TopicPage(topic.Id);
        var entries = articles.Select(a =>
        {
            var content = new StringBuilder();
            // A body in a feed's template (a Reddit table, Hacker News lines, a Google News list) goes out as its clean text.
            var clean = FeedTemplates.Clean(a.Title, a.Text);
            if (ReferenceEquals(clean, a.Text))
            {
                content.Append(html.Sanitize(a.SummaryHtml));
            }
            else
            {
                FeedHtml.AppendParagraphs(content, clean);
            }

            content.Append("<p>From ");
            FeedHtml.AppendLink(content, a.Url, a.SourceName);
            content.Append(", in the story ");
            FeedHtml.AppendLink(content, topicUrl, topic.Headline);
            content.Append(".</p>");
            var updated = a.UpdatedAt > a.PublishedAt ? a.UpdatedAt : a.PublishedAt;
            return new FeedEntry($"{topicUrl}#article-{a.Id}", FeedHtml.SafeUrl(a.Url) ?? topicUrl, a.Title, null, content.ToString(),
                a.PublishedAt, updated, [], string.IsNullOrWhiteSpace(a.Author) ? a.SourceName : $"{a.Author} ({a.SourceName})");
        }).ToList();

        var newest = entries.Select(e => e.Updated).Append(topic.LatestAt).Max();
        return new FeedResult(new FeedDocument(baseUrl, $"/feeds/topic/{id}", $"Aggregator: {topic.Headline}",
            topic.Dek ?? $"Updates to the story: {topic.Headline}", topicUrl, newest, entries), null, null);
    }

    private async Task<FeedResult> BuildAsync(
        string baseUrl, string path, string title, string description, string htmlPath, IQueryable<Topic> topics, CancellationToken ct)
    {
        // The front page's order, so a subscriber reads the stories in the order a visitor sees them.
        var keys = await topics.Select(t => new RankKey(t.Id, t.Importance, t.LatestAt, t.IsUndated, t.IsPinned)).ToListAsync(ct);
        var ids = keys.Ranked(k => k, clock.GetUtcNow()).Take(Options.MaxItems).Select(k => k.Id).ToList();
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var rows = (await topics
            .Where(t => ids.Contains(t.Id))
            .Select(t => new
            {
                t.Id, t.Headline, t.Dek, t.Summary, t.Importance, t.Category, t.ArticleCount, t.SourceCount, t.LeadArticleId,
                t.EarliestAt, t.LatestAt,
            })
            .ToListAsync(ct))
            .OrderBy(r => order[r.Id])
            .ToList();

        var members = (await db.Articles.AsNoTracking()
                .Where(a => a.TopicId != null && ids.Contains(a.TopicId))
                .Select(a => new { a.Id, TopicId = a.TopicId!, a.Title, a.Url, a.PublishedAt, SourceName = a.Source!.Name })
                .ToListAsync(ct))
            .Select(a => a with { SourceName = SourceLabels.Name(a.SourceName) })
            .ToLookup(a => a.TopicId);
        var tags = (await db.TopicTags.AsNoTracking()
                .Where(t => ids.Contains(t.TopicId))
                .Select(t => new { t.TopicId, t.Tag!.Name })
                .ToListAsync(ct))
            .ToLookup(t => t.TopicId, t => t.Name);

        var entries = new List<FeedEntry>(rows.Count);
        foreach (var t in rows)
        {
            var topicUrl = baseUrl + FeedUrls.TopicPage(t.Id);
            var articles = members[t.Id].ToList();
            var content = new StringBuilder();
            FeedHtml.AppendParagraphs(content, t.Dek);
            FeedHtml.AppendParagraphs(content, t.Summary);
            var sourceCount = articles.Select(a => a.SourceName).Distinct(StringComparer.Ordinal).Count();
            content.Append("<p>Importance: <strong>").Append(t.Importance).Append("/5</strong> · ")
                .Append(articles.Count).Append(articles.Count == 1 ? " article" : " articles").Append(" from ")
                .Append(sourceCount).Append(sourceCount == 1 ? " source" : " sources").Append("</p>");

            // The lead first, then who reported it in the order they did.
            var listed = articles
                .OrderBy(a => a.Id == t.LeadArticleId ? 0 : 1).ThenBy(a => a.PublishedAt).ThenBy(a => a.Id)
                .Take(Options.MaxSourcesPerItem)
                .ToList();
            content.Append("<ul>");
            foreach (var a in listed)
            {
                content.Append("<li>");
                FeedHtml.AppendLink(content, a.Url, a.Title);
                content.Append(" — ").Append(FeedHtml.Encode(a.SourceName)).Append("</li>");
            }

            content.Append("</ul>");
            if (articles.Count > listed.Count)
            {
                content.Append("<p>");
                FeedHtml.AppendLink(content, topicUrl, $"and {articles.Count - listed.Count} more");
                content.Append("</p>");
            }

            var categories = tags[t.Id].Order(StringComparer.Ordinal).ToList();
            if (!string.IsNullOrWhiteSpace(t.Category))
            {
                categories.Insert(0, t.Category);
            }

            // The story's own times: its first report and its core's newest one, never when it was last clustered.
            entries.Add(new FeedEntry(topicUrl, topicUrl, t.Headline, t.Dek, content.ToString(), t.EarliestAt, t.LatestAt > t.EarliestAt ? t.LatestAt : t.EarliestAt, categories, null));
        }

        var updated = entries.Count == 0 ? EmptyFeedDate : entries.Max(e => e.Updated);
        return new FeedResult(new FeedDocument(baseUrl, path, title, description, baseUrl + htmlPath, updated, entries), null, null);
    }
}
