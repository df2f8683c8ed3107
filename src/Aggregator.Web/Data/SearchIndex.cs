using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Data;

/// <summary>
/// SQLite FTS5 tables over topics and articles, kept in sync by triggers. Created here rather than in an
/// EF migration so that regenerating migrations never loses them; every start repairs whatever is missing.
/// </summary>
internal sealed partial class SearchIndexSeeder(ILogger<SearchIndexSeeder> logger) : IStartupSeeder
{
    public int Order => 5;

    // Topic ids are text keys, so the topic index keeps its own copy of the text, keyed by the Topics rowid
    // (deleting by an unindexed topic_id column would scan the whole index on every topic update).
    // Articles have an integer key, so their index reads text from the Articles table itself. A bulk writer may
    // defer indexing its inserts to the end of its transaction (see ArticleSearchIndex); rows still pending are
    // skipped by the update and delete triggers, since the index holds nothing of them yet.
    // The DROP statements retire earlier layouts (a topic index keyed by topic_id, article triggers without deferral).
    private const string Schema = """
        DROP TRIGGER IF EXISTS topics_fts_ai;
        DROP TRIGGER IF EXISTS topics_fts_ad;
        DROP TRIGGER IF EXISTS topics_fts_au;
        DROP TABLE IF EXISTS topics_fts;
        CREATE VIRTUAL TABLE IF NOT EXISTS topic_search USING fts5(topic_id UNINDEXED, headline, dek, summary, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TRIGGER IF NOT EXISTS topic_search_ai AFTER INSERT ON Topics BEGIN
          INSERT INTO topic_search(rowid, topic_id, headline, dek, summary) VALUES (new.rowid, new.Id, new.Headline, new.Dek, new.Summary);
        END;
        CREATE TRIGGER IF NOT EXISTS topic_search_ad AFTER DELETE ON Topics BEGIN
          DELETE FROM topic_search WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER IF NOT EXISTS topic_search_au AFTER UPDATE OF Headline, Dek, Summary ON Topics BEGIN
          DELETE FROM topic_search WHERE rowid = old.rowid;
          INSERT INTO topic_search(rowid, topic_id, headline, dek, summary) VALUES (new.rowid, new.Id, new.Headline, new.Dek, new.Summary);
        END;
        CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(Title, Text, content = 'Articles', content_rowid = 'Id', tokenize = 'porter unicode61 remove_diacritics 2');
        DROP TRIGGER IF EXISTS articles_fts_ai;
        DROP TRIGGER IF EXISTS articles_fts_ad;
        DROP TRIGGER IF EXISTS articles_fts_au;
        CREATE TABLE IF NOT EXISTS articles_fts_deferral (Active INTEGER PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS articles_fts_pending (Id INTEGER PRIMARY KEY);
        CREATE TRIGGER IF NOT EXISTS articles_search_ai AFTER INSERT ON Articles WHEN NOT EXISTS (SELECT 1 FROM articles_fts_deferral) BEGIN
          INSERT INTO articles_fts(rowid, Title, Text) VALUES (new.Id, new.Title, new.Text);
        END;
        CREATE TRIGGER IF NOT EXISTS articles_search_ai_deferred AFTER INSERT ON Articles WHEN EXISTS (SELECT 1 FROM articles_fts_deferral) BEGIN
          INSERT OR IGNORE INTO articles_fts_pending(Id) VALUES (new.Id);
        END;
        CREATE TRIGGER IF NOT EXISTS articles_search_ad AFTER DELETE ON Articles WHEN NOT EXISTS (SELECT 1 FROM articles_fts_pending WHERE Id = old.Id) BEGIN
          INSERT INTO articles_fts(articles_fts, rowid, Title, Text) VALUES ('delete', old.Id, old.Title, old.Text);
        END;
        CREATE TRIGGER IF NOT EXISTS articles_search_au AFTER UPDATE OF Title, Text ON Articles
          WHEN (old.Title IS NOT new.Title OR old.Text IS NOT new.Text) AND NOT EXISTS (SELECT 1 FROM articles_fts_pending WHERE Id = old.Id) BEGIN
          INSERT INTO articles_fts(articles_fts, rowid, Title, Text) VALUES ('delete', old.Id, old.Title, old.Text);
          INSERT INTO articles_fts(rowid, Title, Text) VALUES (new.Id, new.Title, new.Text);
        END;
        """;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            // PostgreSQL keeps its search columns itself (generated tsvector columns, see the PostgreSQL migrations).
            return;
        }

        await db.Database.ExecuteSqlRawAsync(Schema, cancellationToken);
        // Deferral lives only inside a writer's transaction; anything left pending (none, unless a writer committed
        // without flushing) is indexed now.
        await db.Database.ExecuteSqlRawAsync(ArticleSearchIndex.IndexPendingSql, cancellationToken);

        var topics = await ScalarAsync(db, "SELECT count(*) FROM Topics", cancellationToken);
        // Rows must line up with Topics by rowid and id; a VACUUM may renumber rowids, so check both.
        var indexedTopics = await ScalarAsync(db, "SELECT count(*) FROM topic_search", cancellationToken);
        var alignedTopics = await ScalarAsync(db,
            "SELECT count(*) FROM topic_search s JOIN Topics t ON t.rowid = s.rowid AND t.Id = s.topic_id", cancellationToken);
        if (topics != indexedTopics || topics != alignedTopics)
        {
            await db.Database.ExecuteSqlRawAsync("""
                DELETE FROM topic_search;
                INSERT INTO topic_search(rowid, topic_id, headline, dek, summary) SELECT rowid, Id, Headline, Dek, Summary FROM Topics;
                """, cancellationToken);
            LogRebuilt(logger, "topic", topics);
        }

        // An external-content index answers count(*) from its content table, so compare its own row sizes.
        var articles = await ScalarAsync(db, "SELECT count(*) FROM Articles", cancellationToken);
        var indexedArticles = await ScalarAsync(db, "SELECT count(*) FROM articles_fts_docsize", cancellationToken);
        if (articles != indexedArticles)
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');", cancellationToken);
            LogRebuilt(logger, "article", articles);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt the {Index} search index ({Count} rows)")]
    private static partial void LogRebuilt(ILogger logger, string index, long count);

    private static async Task<long> ScalarAsync(AppDbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}

/// <summary>
/// Bulk indexing of new articles. FTS5 flushes its pending terms to disk at every statement of a transaction that
/// has written to it, so a per-row trigger makes one small index segment per inserted article, and merging those
/// costs several times the insert itself. A bulk writer instead runs <see cref="DeferSql"/> at the start of its
/// transaction, inserts its rows (the trigger then only notes their ids), and runs <see cref="IndexPendingSql"/>
/// before committing: one segment per transaction. Both happen in the writer's own transaction, so other
/// connections never see deferral on, and a crash rolls back rows and index together.
/// </summary>
public static class ArticleSearchIndex
{
    public const string DeferSql = "INSERT OR IGNORE INTO articles_fts_deferral (Active) VALUES (1);";

    public const string IndexPendingSql = """
        INSERT INTO articles_fts(rowid, Title, Text) SELECT a.Id, a.Title, a.Text FROM articles_fts_pending p JOIN Articles a ON a.Id = p.Id;
        DELETE FROM articles_fts_pending;
        DELETE FROM articles_fts_deferral;
        """;
}
