using System.Numerics;
using System.Text;
using System.Text.Json;
using Aggregator.Web.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Aggregator.Web.Ingestion;

/// <summary>What dedupe needs of a stored article: its keys, not its content.</summary>
internal sealed record StoredArticleKey(long Id, string Guid, string Url, string ContentHash, DateTimeOffset PublishedAt);

/// <summary>
/// Reads dedupe keys, inserts and updates articles with prepared statements on an open SQLite transaction, one
/// command of each kind reused for every row. Columns are encoded exactly as the EF model maps them (DateTimeOffset
/// through <see cref="DateTimeOffsetToBinaryConverter"/>), so EF reads the rows back unchanged.
/// </summary>
internal sealed class ArticleWriter(SqliteTransaction transaction) : IDisposable
{
    private static readonly DateTimeOffsetToBinaryConverter Dates = new();

    private const int MaxRowsPerInsert = 32;

    private static readonly string[] InsertColumns =
    [
        "sourceId", "guid", "url", "title", "author", "publishedAt", "fetchedAt", "updatedAt",
        "summaryHtml", "text", "imageUrl", "language", "contentHash", "importance", "placedByEditor",
    ];

    private readonly Dictionary<int, SqliteCommand> _inserts = [];
    private SqliteCommand? _keys;
    private SqliteCommand? _update;

    /// <summary>
    /// The source's stored articles sharing a guid, URL or content hash with the incoming ones, oldest first.
    /// Three index lookups rather than one OR: SQLite would otherwise walk every article of the source.
    /// </summary>
    public async Task<List<StoredArticleKey>> LoadKeysAsync(int sourceId, IReadOnlyList<string> guids, IReadOnlyList<string> urls,
        IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        var command = _keys ??= Create(
            """
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt" FROM "Articles"
            WHERE "SourceId" = $sourceId AND "Guid" IN (SELECT value FROM json_each($guids))
            UNION
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt" FROM "Articles"
            WHERE "Url" IN (SELECT value FROM json_each($urls)) AND "SourceId" = $sourceId
            UNION
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt" FROM "Articles"
            WHERE "ContentHash" IN (SELECT value FROM json_each($hashes)) AND "SourceId" = $sourceId
            ORDER BY "Id"
            """,
            "$sourceId", "$guids", "$urls", "$hashes");
        var p = command.Parameters;
        p[0].Value = sourceId;
        p[1].Value = JsonSerializer.Serialize(guids);
        p[2].Value = JsonSerializer.Serialize(urls);
        p[3].Value = JsonSerializer.Serialize(hashes);
        var keys = new List<StoredArticleKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new StoredArticleKey(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                (DateTimeOffset)Dates.ConvertFromProvider(reader.GetInt64(4))!));
        }

        return keys;
    }

    /// <summary>
    /// Inserts new articles, up to <see cref="MaxRowsPerInsert"/> per statement. Each statement runs the search
    /// triggers' setup and a statement journal once, so several rows per statement cost much less than one each.
    /// Statements come in power-of-two sizes, so a handful of prepared commands serve every batch size.
    /// </summary>
    public async Task InsertAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < articles.Count;)
        {
            var rows = Math.Min(MaxRowsPerInsert, 1 << BitOperations.Log2((uint)(articles.Count - offset)));
            if (!_inserts.TryGetValue(rows, out var command))
            {
                command = CreateInsert(rows);
                _inserts.Add(rows, command);
            }

            var p = command.Parameters;
            for (var row = 0; row < rows; row++)
            {
                var article = articles[offset + row];
                var at = row * InsertColumns.Length;
                p[at].Value = article.SourceId;
                p[at + 1].Value = article.Guid;
                p[at + 2].Value = article.Url;
                p[at + 3].Value = article.Title;
                p[at + 4].Value = Nullable(article.Author);
                p[at + 5].Value = Encode(article.PublishedAt);
                p[at + 6].Value = Encode(article.FetchedAt);
                p[at + 7].Value = Encode(article.UpdatedAt);
                p[at + 8].Value = Nullable(article.SummaryHtml);
                p[at + 9].Value = Nullable(article.Text);
                p[at + 10].Value = Nullable(article.ImageUrl);
                p[at + 11].Value = Nullable(article.Language);
                p[at + 12].Value = article.ContentHash;
                p[at + 13].Value = article.Importance;
                p[at + 14].Value = article.PlacedByEditor;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
            offset += rows;
        }
    }

    private SqliteCommand CreateInsert(int rows)
    {
        var sql = new StringBuilder("""
            INSERT INTO "Articles" ("SourceId", "Guid", "Url", "Title", "Author", "PublishedAt", "FetchedAt", "UpdatedAt",
                "SummaryHtml", "Text", "ImageUrl", "Language", "ContentHash", "Importance", "PlacedByEditor", "TopicId", "ClusteredAt")
            VALUES
            """);
        var names = new List<string>(rows * InsertColumns.Length);
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "\n(" : ",\n(");
            foreach (var column in InsertColumns)
            {
                var name = $"${column}{row}";
                names.Add(name);
                sql.Append(name).Append(", ");
            }

            sql.Append("NULL, NULL)");
        }

        return Create(sql.ToString(), [.. names]);
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
                "PublishedAt" = coalesce($publishedAt, "PublishedAt"), "UpdatedAt" = $updatedAt
            WHERE "Id" = $id AND ("Title" IS NOT $title OR "Author" IS NOT coalesce($author, "Author")
                OR "SummaryHtml" IS NOT coalesce($summaryHtml, "SummaryHtml") OR "Text" IS NOT $text
                OR "ImageUrl" IS NOT coalesce($imageUrl, "ImageUrl") OR "Language" IS NOT coalesce($language, "Language")
                OR "ContentHash" IS NOT $contentHash OR "Url" IS NOT coalesce($url, "Url") OR $publishedAt IS NOT NULL)
            """,
            "$title", "$author", "$summaryHtml", "$text", "$imageUrl", "$language", "$contentHash", "$url", "$publishedAt", "$updatedAt", "$id");
        var p = command.Parameters;
        p[0].Value = item.Title;
        p[1].Value = Nullable(item.Author);
        p[2].Value = Nullable(item.SummaryHtml);
        p[3].Value = item.Text;
        p[4].Value = Nullable(item.ImageUrl);
        p[5].Value = Nullable(item.Language);
        p[6].Value = item.ContentHash;
        p[7].Value = item.HasOwnUrl ? item.Url : DBNull.Value;
        p[8].Value = publishedAt is { } date ? Encode(date) : DBNull.Value;
        p[9].Value = Encode(now);
        p[10].Value = id;
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static object Encode(DateTimeOffset value) => Dates.ConvertToProvider(value)!;

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
        foreach (var command in _inserts.Values)
        {
            command.Dispose();
        }
    }
}
