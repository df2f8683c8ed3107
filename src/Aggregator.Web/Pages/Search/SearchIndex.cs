using System.Data.Common;
using System.Text;
using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Search;

/// <summary>
/// SQLite FTS5 tables over topics and articles, kept in sync by triggers. Created here rather than in an
/// EF migration so that regenerating migrations never loses them; every start repairs whatever is missing.
/// </summary>
internal sealed partial class SearchIndexSeeder(ILogger<SearchIndexSeeder> logger) : IStartupSeeder
{
    public int Order => 5;

    // Topic ids are text keys, so the topic index stores its own copy keyed by topic_id.
    // Articles have an integer key, so their index reads text from the Articles table itself.
    private const string Schema = """
        CREATE VIRTUAL TABLE IF NOT EXISTS topics_fts USING fts5(topic_id UNINDEXED, headline, dek, summary, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TRIGGER IF NOT EXISTS topics_fts_ai AFTER INSERT ON Topics BEGIN
          INSERT INTO topics_fts(topic_id, headline, dek, summary) VALUES (new.Id, new.Headline, new.Dek, new.Summary);
        END;
        CREATE TRIGGER IF NOT EXISTS topics_fts_ad AFTER DELETE ON Topics BEGIN
          DELETE FROM topics_fts WHERE topic_id = old.Id;
        END;
        CREATE TRIGGER IF NOT EXISTS topics_fts_au AFTER UPDATE OF Headline, Dek, Summary ON Topics BEGIN
          DELETE FROM topics_fts WHERE topic_id = old.Id;
          INSERT INTO topics_fts(topic_id, headline, dek, summary) VALUES (new.Id, new.Headline, new.Dek, new.Summary);
        END;
        CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(Title, Text, content = 'Articles', content_rowid = 'Id', tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON Articles BEGIN
          INSERT INTO articles_fts(rowid, Title, Text) VALUES (new.Id, new.Title, new.Text);
        END;
        CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON Articles BEGIN
          INSERT INTO articles_fts(articles_fts, rowid, Title, Text) VALUES ('delete', old.Id, old.Title, old.Text);
        END;
        CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE OF Title, Text ON Articles BEGIN
          INSERT INTO articles_fts(articles_fts, rowid, Title, Text) VALUES ('delete', old.Id, old.Title, old.Text);
          INSERT INTO articles_fts(rowid, Title, Text) VALUES (new.Id, new.Title, new.Text);
        END;
        """;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(Schema, cancellationToken);

        var topics = await ScalarAsync(db, "SELECT count(*) FROM Topics", cancellationToken);
        var indexedTopics = await ScalarAsync(db, "SELECT count(*) FROM topics_fts", cancellationToken);
        if (topics != indexedTopics)
        {
            await db.Database.ExecuteSqlRawAsync("""
                DELETE FROM topics_fts;
                INSERT INTO topics_fts(topic_id, headline, dek, summary) SELECT Id, Headline, Dek, Summary FROM Topics;
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

/// <summary>Turns what a reader typed into a safe FTS5 query: every word a quoted phrase, all required.</summary>
public static class SearchQuery
{
    public static string? ToFts(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in input.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                terms.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            terms.Add(word.ToString());
        }

        // Bare operators are what people type when they mean "all of these", which is the default anyway.
        terms.RemoveAll(t => t is "AND" or "OR" or "NOT" or "NEAR");

        // Quoting leaves no operator, column filter or bracket for FTS5 to misread; the tokenizer
        // splits on the same boundaries, so nothing a reader meant is lost.
        return terms.Count == 0 ? null : string.Join(' ', terms.Take(12).Select(t => $"\"{t}\""));
    }

    public const string SnippetOpen = "\u0002";
    public const string SnippetClose = "\u0003";

    /// <summary>HTML-encodes a snippet()/highlight() result, turning its match markers into &lt;mark&gt;.</summary>
    public static string HighlightHtml(string? snippet)
    {
        if (string.IsNullOrEmpty(snippet))
        {
            return "";
        }

        // snippet() pairs its markers, so after splitting every odd part is a match.
        var parts = snippet.Split([SnippetOpen[0], SnippetClose[0]]);
        var html = new StringBuilder(snippet.Length + 32);
        for (var i = 0; i < parts.Length; i++)
        {
            var text = System.Net.WebUtility.HtmlEncode(parts[i]);
            html.Append(i % 2 == 1 ? $"<mark>{text}</mark>" : text);
        }

        return html.ToString();
    }
}
