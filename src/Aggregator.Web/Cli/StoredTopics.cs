using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Cli;

/// <summary>The topics the site stored, read back for `eval --site`: each clustered article's address and topic.</summary>
internal static class StoredTopics
{
    /// <summary>Every clustered article's URL with the topic it is shown in (merges followed to the surviving topic).</summary>
    public static async Task<List<(string Url, string Topic)>> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var mergedInto = await db.Topics.AsNoTracking()
            .Where(t => t.MergedIntoId != null)
            .ToDictionaryAsync(t => t.Id, t => t.MergedIntoId!, StringComparer.Ordinal, cancellationToken);
        var articles = await db.Articles.AsNoTracking()
            .Where(a => a.TopicId != null)
            .Select(a => new { a.Url, a.TopicId })
            .ToListAsync(cancellationToken);
        return articles.Select(a => (a.Url, ClusterFile.Resolve(mergedInto, a.TopicId!))).ToList();
    }

    /// <summary>The URL as gold files and stored articles are matched: host (any case) and path with query; no scheme, fragment or trailing slash.</summary>
    public static string Key(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return url.Trim();
        }

        var path = uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped).TrimEnd('/');
        return $"{uri.Host.ToLowerInvariant()}{path}";
    }
}
