using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Web.Ingestion;

/// <summary>What to do with one incoming article: insert it under <paramref name="Key"/>, update <paramref name="Match"/>, or nothing (a repeat).</summary>
internal sealed record MatchDecision(NormalizedArticle Article, string Key, StoredArticleKey? Match, bool Repeat);

/// <summary>
/// Decides which stored article each incoming one is, never losing a story. Items of one body are distinct unless
/// they repeat each other exactly: live blogs and podcasts give several items one link, and some publishing
/// systems give every item the same guid. Items sharing a guid in a body are told apart by their link (or, when the
/// link is shared too, their content), and a guid that arrives with a different link, title and content is a
/// different story, never an update of the stored one. Matching then falls back to the link, when it names one
/// story on both sides and the title or content agrees, and to identical content.
/// </summary>
internal static class ArticleMatcher
{
    /// <summary>
    /// The derived keys worth looking up once the bare guids are loaded: those of items whose guid is shared in the
    /// body or held by a different story. Other items were never stored under a derived key.
    /// </summary>
    public static List<string> DerivedKeysToLoad(IReadOnlyList<NormalizedArticle> incoming, IReadOnlyList<StoredArticleKey> stored)
    {
        var byGuid = new Dictionary<string, StoredArticleKey>(StringComparer.Ordinal);
        foreach (var key in stored)
        {
            byGuid.TryAdd(key.Guid, key);
        }

        var guidCounts = incoming.CountBy(a => a.Guid).ToDictionary(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var article in incoming)
        {
            if (guidCounts[article.Guid] > 1 || (byGuid.TryGetValue(article.Guid, out var held) && !SameStory(held, article)))
            {
                keys.Add(ByLink(article));
                keys.Add(ByContent(article));
            }
        }

        return keys;
    }

    public static List<MatchDecision> Decide(IReadOnlyList<NormalizedArticle> incoming, IReadOnlyList<StoredArticleKey> stored)
    {
        var byGuid = new Dictionary<string, StoredArticleKey>(StringComparer.Ordinal);
        var byUrl = new Dictionary<string, List<StoredArticleKey>>(StringComparer.Ordinal);
        var byHash = new Dictionary<string, StoredArticleKey>(StringComparer.Ordinal);
        foreach (var key in stored)
        {
            byGuid.TryAdd(key.Guid, key);
            if (key.Url.Length > 0)
            {
                (byUrl.TryGetValue(key.Url, out var list) ? list : byUrl[key.Url] = []).Add(key);
            }

            byHash.TryAdd(key.ContentHash, key);
        }

        // Exact repeats inside the body collapse; what is left is distinct items, told apart by their keys.
        var seen = new HashSet<(string, string, string)>();
        var decisions = new List<MatchDecision>(incoming.Count);
        var distinct = new List<NormalizedArticle>(incoming.Count);
        foreach (var article in incoming)
        {
            if (seen.Add((article.Guid, article.Url, article.ContentHash)))
            {
                distinct.Add(article);
            }
            else
            {
                decisions.Add(new MatchDecision(article, article.Guid, null, Repeat: true));
            }
        }

        var keys = AssignKeys(distinct);
        var urlCounts = distinct.Where(a => a.HasOwnUrl).CountBy(a => a.Url).ToDictionary(StringComparer.Ordinal);
        var claimed = new HashSet<StoredArticleKey>(ReferenceEqualityComparer.Instance);
        var matches = new StoredArticleKey?[distinct.Count];

        // First by key: the key this body gives the item, the keys a shared guid gets (they name the link or the
        // content, so they match exactly), then the bare guid when it holds the same story.
        for (var i = 0; i < distinct.Count; i++)
        {
            var article = distinct[i];
            foreach (var key in (string[])[keys[i], ByLink(article), ByContent(article), article.Guid])
            {
                if (byGuid.TryGetValue(key, out var held) && !claimed.Contains(held) && (key != article.Guid || SameStory(held, article)))
                {
                    matches[i] = held;
                    claimed.Add(held);
                    break;
                }
            }
        }

        // Then the rest by link (a link only one story uses, here and stored, with the same title or content), then content.
        for (var i = 0; i < distinct.Count; i++)
        {
            var article = distinct[i];
            if (matches[i] is not null)
            {
                continue;
            }

            if (article.HasOwnUrl && urlCounts[article.Url] == 1 && byUrl.TryGetValue(article.Url, out var sharing) && sharing.Count == 1
                && !claimed.Contains(sharing[0]) && (sharing[0].Title == article.Title || sharing[0].ContentHash == article.ContentHash))
            {
                matches[i] = sharing[0];
            }
            else if (byHash.TryGetValue(article.ContentHash, out var same) && !claimed.Contains(same))
            {
                matches[i] = same;
            }

            if (matches[i] is { } match)
            {
                claimed.Add(match);
            }
        }

        // New items take the first of their keys nobody holds.
        var taken = new HashSet<string>(byGuid.Keys, StringComparer.Ordinal);
        foreach (var match in matches)
        {
            if (match is not null)
            {
                taken.Add(match.Guid);
            }
        }

        for (var i = 0; i < distinct.Count; i++)
        {
            var article = distinct[i];
            var key = keys[i];
            if (matches[i] is null)
            {
                key = ((string[])[keys[i], article.Guid, ByLink(article), ByContent(article)]).FirstOrDefault(k => !taken.Contains(k)) ?? ByContent(article);
                taken.Add(key);
            }

            decisions.Add(new MatchDecision(article, key, matches[i], Repeat: false));
        }

        return decisions;
    }

    /// <summary>
    /// The guid itself when no other item of the body has it; otherwise the guid told apart by the link, or by the
    /// content when the link is shared too. Derived from the item alone, so the same item gets the same key whatever
    /// its place in the feed.
    /// </summary>
    private static string[] AssignKeys(List<NormalizedArticle> distinct)
    {
        var guidCounts = distinct.CountBy(a => a.Guid).ToDictionary(StringComparer.Ordinal);
        var linkCounts = distinct.CountBy(a => (a.Guid, a.Url)).ToDictionary();
        var keys = new string[distinct.Count];
        for (var i = 0; i < distinct.Count; i++)
        {
            var article = distinct[i];
            keys[i] = guidCounts[article.Guid] == 1 ? article.Guid
                : article.HasOwnUrl && linkCounts[(article.Guid, article.Url)] == 1 ? ByLink(article)
                : ByContent(article);
        }

        return keys;
    }

    /// <summary>
    /// A stored article holds the story an incoming one with its guid tells unless everything else differs: its own
    /// link, its title and its content. Then the guid is being reused (a publishing-system bug), not the story updated.
    /// </summary>
    private static bool SameStory(StoredArticleKey stored, NormalizedArticle article) =>
        !article.HasOwnUrl || stored.Url == article.Url || stored.Title == article.Title || stored.ContentHash == article.ContentHash;

    private static string ByLink(NormalizedArticle article) => article.Guid + "#" + Short(article.HasOwnUrl ? article.Url : article.ContentHash);

    private static string ByContent(NormalizedArticle article) => article.Guid + "#" + Short(article.Url + "\n" + article.ContentHash);

    private static string Short(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 8));
}
