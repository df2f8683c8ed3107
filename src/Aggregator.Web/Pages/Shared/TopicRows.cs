using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Shared;

/// <summary>One line of a topic list (index, tag, category, source and search pages).</summary>
public sealed record TopicRow(
    string Id,
    string Slug,
    string Headline,
    string? Dek,
    int Importance,
    string? Category,
    string? MainEntity,
    int ArticleCount,
    int SourceCount,
    DateTimeOffset LatestAt,
    bool IsUndated,
    bool IsPinned)
{
    public string Url => $"/topics/{Id}/{Slug}";
    public string SourceLabel => SourceCount > 1 ? "multi-source" : "single-source";
}

/// <summary>What the front-page order needs of a topic.</summary>
public sealed record RankKey(string Id, int Importance, DateTimeOffset LatestAt, bool IsUndated, bool IsPinned);

public sealed record TopicPage(IReadOnlyList<TopicRow> Rows, int Page, int TotalCount, int PageSize)
{
    public int PageCount => Pager.PageCountOf(TotalCount, PageSize);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
}

public static class TopicRows
{
    /// <summary>Topics a reader may see: not hidden by editors, not merged away.</summary>
    public static IQueryable<Topic> Visible(this IQueryable<Topic> topics) =>
        topics.Where(t => !t.IsHidden && t.MergedIntoId == null);

    public static IQueryable<TopicRow> SelectRows(this IQueryable<Topic> topics) =>
        topics.Select(t => new TopicRow(t.Id, t.Slug, t.Headline, t.Dek, t.Importance, t.Category, t.MainEntity,
            t.ArticleCount, t.SourceCount, t.LatestAt, t.IsUndated, t.IsPinned));

    /// <summary>
    /// Importance damped by age: one importance point per day since the core's newest report, so a fresh 3/5 story
    /// outranks a two-day-old 4/5 one. A topic rated 1/5 is no story for the front page (community chatter, a service
    /// piece, a roundup, a lone minor item): it counts two points lower, so it never outranks a 2/5 story of the last
    /// three days, while on a quiet site it still follows them.
    /// </summary>
    public static double Score(int importance, DateTimeOffset latestAt, DateTimeOffset now) =>
        (importance > 1 ? importance : importance - 2) - Math.Max(0, (now - latestAt).TotalHours) / 24.0;

    /// <summary>
    /// Pinned first; then every dated story by <see cref="Score"/>; then the undated ones (no report of their core
    /// has a date of its own), newest first-seen first, whatever the clock says: a first-seen time is no news date.
    /// </summary>
    public static IEnumerable<T> Ranked<T>(this IEnumerable<T> topics, Func<T, RankKey> key, DateTimeOffset now) =>
        topics.Select(t => (Topic: t, Key: key(t)))
            .OrderByDescending(x => x.Key.IsPinned)
            .ThenBy(x => x.Key.IsUndated)
            .ThenByDescending(x => x.Key.IsUndated ? 0 : Score(x.Key.Importance, x.Key.LatestAt, now))
            .ThenByDescending(x => x.Key.LatestAt)
            .ThenBy(x => x.Key.Id, StringComparer.Ordinal)
            .Select(x => x.Topic);

    public static async Task<TopicPage> RankAsync(this IQueryable<Topic> topics, int page, int pageSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Only the ranking keys for every candidate; full rows only for the page shown.
        var keys = await topics.AsNoTracking()
            .Select(t => new RankKey(t.Id, t.Importance, t.LatestAt, t.IsUndated, t.IsPinned))
            .ToListAsync(cancellationToken);
        page = Pager.Clamp(page, keys.Count, pageSize);
        var ids = keys.Ranked(k => k, now)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(k => k.Id)
            .ToList();
        var rows = await topics.AsNoTracking().Where(t => ids.Contains(t.Id)).SelectRows().ToListAsync(cancellationToken);
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        return new TopicPage([.. rows.OrderBy(r => order[r.Id])], page, keys.Count, pageSize);
    }
}
