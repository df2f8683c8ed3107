using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Search;

/// <summary>
/// Full-text queries on either engine: SQLite's FTS5 tables (SearchIndexSeeder) or PostgreSQL's generated tsvector
/// columns (the PostgreSQL migrations). Both rank topics by headline, then dek, then summary, and articles by title
/// before text, and mark matches with <see cref="SearchQuery.SnippetOpen"/> and <see cref="SearchQuery.SnippetClose"/>.
/// </summary>
public static class TextSearch
{
    // Shapes of the raw rows; matched by column name.
    public sealed class Hit
    {
        public string Id { get; set; } = "";
        public string? Headline { get; set; }
        public string? Snippet { get; set; }
    }

    public sealed class ArticleHit
    {
        public long Id { get; set; }
        public string? Title { get; set; }
        public string? Snippet { get; set; }
    }

    /// <summary>Visible topics matching every word, best first.</summary>
    public static Task<List<Hit>> TopicsAsync(AppDbContext db, IReadOnlyList<string> terms, int limit, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            var fts = string.Join(' ', terms.Select(t => $"\"{t}\""));
            return db.Database.SqlQuery<Hit>($"""
                SELECT f.topic_id AS Id,
                       highlight(topic_search, 1, char(2), char(3)) AS Headline,
                       snippet(topic_search, -1, char(2), char(3), '…', 24) AS Snippet
                FROM topic_search f JOIN Topics t ON t.Id = f.topic_id
                WHERE topic_search MATCH {fts} AND t.IsHidden = 0 AND t.MergedIntoId IS NULL
                ORDER BY bm25(topic_search, 0.0, 10.0, 4.0, 1.0)
                LIMIT {limit}
                """).ToListAsync(cancellationToken);
        }

        // Ranked first, then only the page of hits is highlighted: ts_headline re-parses the text it marks.
        var words = string.Join(' ', terms);
        return db.Database.SqlQuery<Hit>($$"""
            SELECT t."Id" AS "Id",
                   ts_headline('english', t."Headline", q, 'HighlightAll=true, ' || 'StartSel=' || chr(2) || ', StopSel=' || chr(3)) AS "Headline",
                   ts_headline('english', concat_ws(' ', t."Headline", t."Dek", t."Summary"), q,
                       'MaxWords=24, MinWords=8, MaxFragments=1, ' || 'StartSel=' || chr(2) || ', StopSel=' || chr(3)) AS "Snippet"
            FROM (SELECT t."Id", ts_rank('{0, 0.1, 0.4, 1.0}', t."SearchVector", q) AS rank
                  FROM "Topics" t, websearch_to_tsquery('english', {{words}}) q
                  WHERE t."SearchVector" @@ q AND NOT t."IsHidden" AND t."MergedIntoId" IS NULL
                  ORDER BY rank DESC, t."Id" LIMIT {{limit}}) r
            JOIN "Topics" t ON t."Id" = r."Id", websearch_to_tsquery('english', {{words}}) q
            ORDER BY r.rank DESC, t."Id"
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Articles matching every word, best first.</summary>
    public static Task<List<ArticleHit>> ArticlesAsync(AppDbContext db, IReadOnlyList<string> terms, int limit, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            var fts = string.Join(' ', terms.Select(t => $"\"{t}\""));
            return db.Database.SqlQuery<ArticleHit>($"""
                SELECT f.rowid AS Id,
                       highlight(articles_fts, 0, char(2), char(3)) AS Title,
                       snippet(articles_fts, 1, char(2), char(3), '…', 24) AS Snippet
                FROM articles_fts f
                WHERE articles_fts MATCH {fts}
                ORDER BY bm25(articles_fts, 5.0, 1.0)
                LIMIT {limit}
                """).ToListAsync(cancellationToken);
        }

        var words = string.Join(' ', terms);
        return db.Database.SqlQuery<ArticleHit>($$"""
            SELECT a."Id" AS "Id",
                   ts_headline('english', a."Title", q, 'HighlightAll=true, ' || 'StartSel=' || chr(2) || ', StopSel=' || chr(3)) AS "Title",
                   ts_headline('english', coalesce(a."Text", ''), q, 'MaxWords=24, MinWords=8, MaxFragments=1, ' || 'StartSel=' || chr(2) || ', StopSel=' || chr(3)) AS "Snippet"
            FROM (SELECT a."Id", ts_rank('{0, 0, 0.2, 1.0}', a."SearchVector", q) AS rank
                  FROM "Articles" a, websearch_to_tsquery('english', {{words}}) q
                  WHERE a."SearchVector" @@ q
                  ORDER BY rank DESC, a."Id" DESC LIMIT {{limit}}) r
            JOIN "Articles" a ON a."Id" = r."Id", websearch_to_tsquery('english', {{words}}) q
            ORDER BY r.rank DESC, a."Id" DESC
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Ids of visible topics sharing any of the words, best first.</summary>
    public static Task<List<string>> TopicsSharingAnyAsync(AppDbContext db, IReadOnlyList<string> words, int limit, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            var match = string.Join(" OR ", words.Select(w => $"\"{w}\""));
            return db.Database.SqlQuery<string>($"""
                SELECT f.topic_id AS Value FROM topic_search f JOIN Topics t ON t.Id = f.topic_id
                WHERE topic_search MATCH {match} AND t.IsHidden = 0 AND t.MergedIntoId IS NULL
                ORDER BY bm25(topic_search, 0.0, 10.0, 4.0, 1.0) LIMIT {limit}
                """).ToListAsync(cancellationToken);
        }

        var any = string.Join(" or ", words);
        return db.Database.SqlQuery<string>($$"""
            SELECT t."Id" AS "Value" FROM "Topics" t, websearch_to_tsquery('english', {{any}}) q
            WHERE t."SearchVector" @@ q AND NOT t."IsHidden" AND t."MergedIntoId" IS NULL
            ORDER BY ts_rank('{0, 0.1, 0.4, 1.0}', t."SearchVector", q) DESC, t."Id" LIMIT {{limit}}
            """).ToListAsync(cancellationToken);
    }
}
