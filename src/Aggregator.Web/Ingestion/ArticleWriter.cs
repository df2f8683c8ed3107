using System.Numerics;
using System.Text;
using System.Text.Json;
using Aggregator.Web.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Reads dedupe keys, inserts and updates articles with prepared statements on an open SQLite transaction, one
/// command of each kind reused for every row. Columns are encoded exactly as the EF model maps them (DateTimeOffset
/// through <see cref="DateTimeOffsetToBinaryConverter"/>), so EF reads the rows back unchanged.
/// </summary>
internal sealed class ArticleWriter(SqliteTransaction transaction) : IArticleWriter
{
    private static readonly DateTimeOffsetToBinaryConverter Dates = new();

    private const int MaxRowsPerInsert = 32;

    internal static readonly string[] InsertColumns =
    [
        "SourceId", "Guid", "Url", "Title", "Author", "PublishedAt", "FetchedAt", "UpdatedAt",
        "SummaryHtml", "Text", "ImageUrl", "Language", "ContentHash", "Importance", "PlacedByEditor", "FeedHash", "IsUndated",
    ];

    private readonly Dictionary<int, sqlite3_stmt> _inserts = [];
    private byte[] _utf8 = new byte[16 * 1024];
    private SqliteCommand? _keys;
    private SqliteCommand? _update;
    private SqliteCommand? _feedHash;

    /// <summary>
    /// The source's stored articles sharing a guid, URL or content hash with the incoming ones, oldest first.
    /// Three index lookups rather than one OR: SQLite would otherwise walk every article of the source.
    /// </summary>
    public async Task<List<StoredArticleKey>> LoadKeysAsync(int sourceId, IReadOnlyList<string> guids, IReadOnlyList<string> urls,
        IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        var command = _keys ??= Create(
            """
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt", "Title", "FeedHash" FROM "Articles"
            WHERE "SourceId" = $sourceId AND "Guid" IN (SELECT value FROM json_each($guids))
            UNION
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt", "Title", "FeedHash" FROM "Articles"
            WHERE "Url" IN (SELECT value FROM json_each($urls)) AND "SourceId" = $sourceId
            UNION
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt", "Title", "FeedHash" FROM "Articles"
            WHERE "ContentHash" IN (SELECT value FROM json_each($hashes)) AND "SourceId" = $sourceId
            ORDER BY "Id"
            """,
            "$sourceId", "$guids", "$urls", "$hashes");
        var p = command.Parameters;
        p[0].Value = sourceId;
        p[1].Value = JsonSerializer.Serialize(guids);
        p[2].Value = JsonSerializer.Serialize(urls);
        p[3].Value = JsonSerializer.Serialize(hashes);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ArticleWriters.ReadKeysAsync(reader, cancellationToken);
    }

    /// <summary>
    /// Inserts new articles, up to <see cref="MaxRowsPerInsert"/> per statement. Each statement runs the search
    /// triggers' setup and a statement journal once, so several rows per statement cost much less than one each.
    /// Statements come in power-of-two sizes, so a handful of prepared statements serve every batch size.
    /// They are SQLite's own prepared statements with values bound by position: ADO.NET parameters bind by name,
    /// and SQLite finds a name by walking the statement's whole parameter list, so with hundreds of parameters
    /// per statement binding cost more than inserting.
    /// </summary>
    public Task InsertAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        Insert(articles);
        return Task.CompletedTask;
    }

    private void Insert(IReadOnlyList<Article> articles)
    {
        var db = transaction.Connection!.Handle!;
        for (var offset = 0; offset < articles.Count;)
        {
            var rows = Math.Min(MaxRowsPerInsert, 1 << BitOperations.Log2((uint)(articles.Count - offset)));
            if (!_inserts.TryGetValue(rows, out var statement))
            {
                Check(raw.sqlite3_prepare_v2(db, InsertSql(rows), out statement), db);
                _inserts.Add(rows, statement);
            }

            for (var row = 0; row < rows; row++)
            {
                var article = articles[offset + row];
                var at = (row * InsertColumns.Length) + 1;
                Check(raw.sqlite3_bind_int64(statement, at, article.SourceId), db);
                BindText(statement, at + 1, article.Guid, db);
                BindText(statement, at + 2, article.Url, db);
                BindText(statement, at + 3, article.Title, db);
                BindText(statement, at + 4, article.Author, db);
                Check(raw.sqlite3_bind_int64(statement, at + 5, Encode(article.PublishedAt)), db);
                Check(raw.sqlite3_bind_int64(statement, at + 6, Encode(article.FetchedAt)), db);
                Check(raw.sqlite3_bind_int64(statement, at + 7, Encode(article.UpdatedAt)), db);
                BindText(statement, at + 8, article.SummaryHtml, db);
                BindText(statement, at + 9, article.Text, db);
                BindText(statement, at + 10, article.ImageUrl, db);
                BindText(statement, at + 11, article.Language, db);
                BindText(statement, at + 12, article.ContentHash, db);
                Check(raw.sqlite3_bind_int64(statement, at + 13, article.Importance), db);
                Check(raw.sqlite3_bind_int64(statement, at + 14, article.PlacedByEditor ? 1 : 0), db);
                BindText(statement, at + 15, article.FeedHash, db);
                Check(raw.sqlite3_bind_int64(statement, at + 16, article.IsUndated ? 1 : 0), db);
            }

            try
            {
                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                }
            }
            finally
            {
                raw.sqlite3_reset(statement);
            }

            offset += rows;
        }
    }

    private static string InsertSql(int rows)
    {
        var sql = new StringBuilder("INSERT INTO \"Articles\" (")
            .AppendJoin(", ", InsertColumns.Select(c => $"\"{c}\""))
            .Append(", \"TopicId\", \"ClusteredAt\") VALUES");
        var values = string.Concat(Enumerable.Repeat("?, ", InsertColumns.Length));
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "\n(" : ",\n(").Append(values).Append("NULL, NULL)");
        }

        return sql.ToString();
    }

    /// <summary>
    /// Binds UTF-8 as ADO.NET does (SQLite copies the bytes, so one buffer serves every value). Not UTF-16: SQLite
    /// would take a leading U+FEFF in the text for a byte-order mark and drop it.
    /// </summary>
    private void BindText(sqlite3_stmt statement, int index, string? value, sqlite3 db)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(statement, index), db);
            return;
        }

        var size = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8.Length < size)
        {
            _utf8 = new byte[Math.Max(size, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, length)), db);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>
    /// Writes what a re-fetch changed onto a stored article and stamps UpdatedAt; true when anything differed.
    /// A null value keeps the stored one (a feed that drops a field does not erase it); clustering and editor
    /// state are left alone. SQLite compares in place, so the stored text never travels to the app.
    /// </summary>
    public async Task<bool> UpdateIfChangedAsync(long id, NormalizedArticle item, DateTimeOffset? publishedAt, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var command = _update ??= Create(
            """
            UPDATE "Articles" SET "Title" = $title, "Author" = coalesce($author, "Author"),
                "SummaryHtml" = coalesce($summaryHtml, "SummaryHtml"), "Text" = $text,
                "ImageUrl" = coalesce($imageUrl, "ImageUrl"), "Language" = coalesce($language, "Language"),
                "ContentHash" = $contentHash, "Url" = coalesce($url, "Url"),
                "PublishedAt" = coalesce($publishedAt, "PublishedAt"),
                "IsUndated" = "IsUndated" AND $publishedAt IS NULL, "UpdatedAt" = $updatedAt, "FeedHash" = $feedHash
            WHERE "Id" = $id AND ("Title" IS NOT $title OR "Author" IS NOT coalesce($author, "Author")
                OR "SummaryHtml" IS NOT coalesce($summaryHtml, "SummaryHtml") OR "Text" IS NOT $text
                OR "ImageUrl" IS NOT coalesce($imageUrl, "ImageUrl") OR "Language" IS NOT coalesce($language, "Language")
                OR "ContentHash" IS NOT $contentHash OR "Url" IS NOT coalesce($url, "Url") OR $publishedAt IS NOT NULL)
            """,
            "$title", "$author", "$summaryHtml", "$text", "$imageUrl", "$language", "$contentHash", "$url", "$publishedAt", "$updatedAt", "$id", "$feedHash");
        var p = command.Parameters;
        p[0].Value = item.Title;
        p[1].Value = Nullable(item.Author);
        p[2].Value = Nullable(item.SummaryHtml);
        p[3].Value = item.Text;
        p[4].Value = Nullable(item.ImageUrl);
        p[5].Value = Nullable(item.Language);
        p[6].Value = item.ContentHash;
        p[7].Value = item.HasOwnUrl ? item.Url : DBNull.Value;
        p[8].Value = publishedAt is { } date ? (object)Encode(date) : DBNull.Value;
        p[9].Value = Encode(now);
        p[10].Value = id;
        p[11].Value = Nullable(item.FeedHash);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Records the fingerprint of an item that normalised to what is already stored, so the next fetch skips it.</summary>
    public async Task SetFeedHashAsync(long id, string? feedHash, CancellationToken cancellationToken)
    {
        if (feedHash is null)
        {
            return;
        }

        var command = _feedHash ??= Create("""UPDATE "Articles" SET "FeedHash" = $feedHash WHERE "Id" = $id AND "FeedHash" IS NOT $feedHash""", "$feedHash", "$id");
        command.Parameters[0].Value = feedHash;
        command.Parameters[1].Value = id;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    internal static long Encode(DateTimeOffset value) => (long)Dates.ConvertToProvider(value)!;

    internal static DateTimeOffset Decode(long value) => (DateTimeOffset)Dates.ConvertFromProvider(value)!;

    private SqliteCommand Create(string sql, params string[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _update?.Dispose();
        _feedHash?.Dispose();
        foreach (var statement in _inserts.Values)
        {
            statement.Dispose();
        }
    }
}
