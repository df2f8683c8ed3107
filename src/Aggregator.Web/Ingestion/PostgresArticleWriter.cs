using Aggregator.Web.Model;
using Npgsql;
using NpgsqlTypes;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// <see cref="IArticleWriter"/> on PostgreSQL: keys looked up with arrays, new rows inserted as one unnest() of
/// column arrays per body, each command prepared once per batch. Dates are the same bigints SQLite stores.
/// </summary>
internal sealed class PostgresArticleWriter(NpgsqlTransaction transaction) : IArticleWriter
{
    private NpgsqlCommand? _keys;
    private NpgsqlCommand? _insert;
    private NpgsqlCommand? _update;
    private NpgsqlCommand? _feedHash;

    public async Task<List<StoredArticleKey>> LoadKeysAsync(int sourceId, IReadOnlyList<string> guids, IReadOnlyList<string> urls,
        IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        var command = _keys ??= Create(
            """
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt", "Title", "FeedHash" FROM "Articles"
            WHERE "SourceId" = $1 AND "Guid" = ANY($2)
            UNION
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt", "Title", "FeedHash" FROM "Articles"
            WHERE "Url" = ANY($3) AND "SourceId" = $1
            UNION
            SELECT "Id", "Guid", "Url", "ContentHash", "PublishedAt", "Title", "FeedHash" FROM "Articles"
            WHERE "ContentHash" = ANY($4) AND "SourceId" = $1
            ORDER BY "Id"
            """,
            NpgsqlDbType.Integer, Texts, Texts, Texts);
        var p = command.Parameters;
        p[0].Value = sourceId;
        p[1].Value = guids.ToArray();
        p[2].Value = urls.ToArray();
        p[3].Value = hashes.ToArray();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ArticleWriters.ReadKeysAsync(reader, cancellationToken);
    }

    private const NpgsqlDbType Texts = NpgsqlDbType.Array | NpgsqlDbType.Text;
    private const NpgsqlDbType Bigints = NpgsqlDbType.Array | NpgsqlDbType.Bigint;
    private const NpgsqlDbType Integers = NpgsqlDbType.Array | NpgsqlDbType.Integer;

    public async Task InsertAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        if (articles.Count == 0)
        {
            return;
        }

        var columns = string.Join(", ", ArticleWriter.InsertColumns.Select(c => $"\"{c}\""));
        var command = _insert ??= Create(
            $"""
            INSERT INTO "Articles" ({columns})
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            """,
            Integers, Texts, Texts, Texts, Texts, Bigints, Bigints, Bigints, Texts, Texts, Texts, Texts, Texts, Integers,
            NpgsqlDbType.Array | NpgsqlDbType.Boolean, Texts, NpgsqlDbType.Array | NpgsqlDbType.Boolean);
        var p = command.Parameters;
        p[0].Value = articles.Select(a => a.SourceId).ToArray();
        p[1].Value = articles.Select(a => a.Guid).ToArray();
        p[2].Value = articles.Select(a => a.Url).ToArray();
        p[3].Value = articles.Select(a => a.Title).ToArray();
        p[4].Value = articles.Select(a => a.Author).ToArray();
        p[5].Value = articles.Select(a => ArticleWriter.Encode(a.PublishedAt)).ToArray();
        p[6].Value = articles.Select(a => ArticleWriter.Encode(a.FetchedAt)).ToArray();
        p[7].Value = articles.Select(a => ArticleWriter.Encode(a.UpdatedAt)).ToArray();
        p[8].Value = articles.Select(a => a.SummaryHtml).ToArray();
        p[9].Value = articles.Select(a => a.Text).ToArray();
        p[10].Value = articles.Select(a => a.ImageUrl).ToArray();
        p[11].Value = articles.Select(a => a.Language).ToArray();
        p[12].Value = articles.Select(a => a.ContentHash).ToArray();
        p[13].Value = articles.Select(a => a.Importance).ToArray();
        p[14].Value = articles.Select(a => a.PlacedByEditor).ToArray();
        p[15].Value = articles.Select(a => a.FeedHash).ToArray();
        p[16].Value = articles.Select(a => a.IsUndated).ToArray();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> UpdateIfChangedAsync(long id, NormalizedArticle item, DateTimeOffset? publishedAt, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var command = _update ??= Create(
            """
            UPDATE "Articles" SET "Title" = $1, "Author" = coalesce($2, "Author"),
                "SummaryHtml" = coalesce($3, "SummaryHtml"), "Text" = $4,
                "ImageUrl" = coalesce($5, "ImageUrl"), "Language" = coalesce($6, "Language"),
                "ContentHash" = $7, "Url" = coalesce($8, "Url"),
                "PublishedAt" = coalesce($9, "PublishedAt"), "IsUndated" = "IsUndated" AND $9 IS NULL,
                "UpdatedAt" = $10, "FeedHash" = $12
            WHERE "Id" = $11 AND ("Title" IS DISTINCT FROM $1 OR "Author" IS DISTINCT FROM coalesce($2, "Author")
                OR "SummaryHtml" IS DISTINCT FROM coalesce($3, "SummaryHtml") OR "Text" IS DISTINCT FROM $4
                OR "ImageUrl" IS DISTINCT FROM coalesce($5, "ImageUrl") OR "Language" IS DISTINCT FROM coalesce($6, "Language")
                OR "ContentHash" IS DISTINCT FROM $7 OR "Url" IS DISTINCT FROM coalesce($8, "Url") OR $9 IS NOT NULL)
            """,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text);
        var p = command.Parameters;
        p[0].Value = item.Title;
        p[1].Value = Nullable(item.Author);
        p[2].Value = Nullable(item.SummaryHtml);
        p[3].Value = Nullable(item.Text);
        p[4].Value = Nullable(item.ImageUrl);
        p[5].Value = Nullable(item.Language);
        p[6].Value = item.ContentHash;
        p[7].Value = item.HasOwnUrl ? item.Url : DBNull.Value;
        p[8].Value = publishedAt is { } date ? ArticleWriter.Encode(date) : DBNull.Value;
        p[9].Value = ArticleWriter.Encode(now);
        p[10].Value = id;
        p[11].Value = Nullable(item.FeedHash);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task SetFeedHashAsync(long id, string? feedHash, CancellationToken cancellationToken)
    {
        if (feedHash is null)
        {
            return;
        }

        var command = _feedHash ??= Create("""UPDATE "Articles" SET "FeedHash" = $1 WHERE "Id" = $2 AND "FeedHash" IS DISTINCT FROM $1""",
            NpgsqlDbType.Text, NpgsqlDbType.Bigint);
        command.Parameters[0].Value = feedHash;
        command.Parameters[1].Value = id;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private NpgsqlCommand Create(string sql, params NpgsqlDbType[] types)
    {
        var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        foreach (var type in types)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
        }

        return command;
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _insert?.Dispose();
        _update?.Dispose();
        _feedHash?.Dispose();
    }
}
