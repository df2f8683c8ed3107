using Aggregator.Web.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Inserts and updates articles with prepared statements on an open SQLite transaction, one command of each kind
/// reused for every row. Columns are encoded exactly as the EF model maps them (DateTimeOffset through
/// <see cref="DateTimeOffsetToBinaryConverter"/>), so EF reads the rows back unchanged.
/// </summary>
internal sealed class ArticleWriter(SqliteTransaction transaction) : IDisposable
{
    private static readonly DateTimeOffsetToBinaryConverter Dates = new();

    private SqliteCommand? _insert;
    private SqliteCommand? _update;

    public async Task InsertAsync(Article article, CancellationToken cancellationToken)
    {
        var command = _insert ??= Create(
            """
            INSERT INTO "Articles" ("SourceId", "Guid", "Url", "Title", "Author", "PublishedAt", "FetchedAt", "UpdatedAt",
                "SummaryHtml", "Text", "ImageUrl", "Language", "ContentHash", "TopicId", "ClusteredAt", "Importance", "PlacedByEditor")
            VALUES ($sourceId, $guid, $url, $title, $author, $publishedAt, $fetchedAt, $updatedAt,
                $summaryHtml, $text, $imageUrl, $language, $contentHash, NULL, NULL, $importance, $placedByEditor)
            RETURNING "Id"
            """,
            "$sourceId", "$guid", "$url", "$title", "$author", "$publishedAt", "$fetchedAt", "$updatedAt",
            "$summaryHtml", "$text", "$imageUrl", "$language", "$contentHash", "$importance", "$placedByEditor");
        var p = command.Parameters;
        p[0].Value = article.SourceId;
        p[1].Value = article.Guid;
        p[2].Value = article.Url;
        p[3].Value = article.Title;
        p[4].Value = (object?)article.Author ?? DBNull.Value;
        p[5].Value = Encode(article.PublishedAt);
        p[6].Value = Encode(article.FetchedAt);
        p[7].Value = Encode(article.UpdatedAt);
        p[8].Value = (object?)article.SummaryHtml ?? DBNull.Value;
        p[9].Value = (object?)article.Text ?? DBNull.Value;
        p[10].Value = (object?)article.ImageUrl ?? DBNull.Value;
        p[11].Value = (object?)article.Language ?? DBNull.Value;
        p[12].Value = article.ContentHash;
        p[13].Value = article.Importance;
        p[14].Value = article.PlacedByEditor;
        article.Id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Writes the fields a re-fetch can change; clustering and editor state are left alone.</summary>
    public async Task UpdateAsync(Article article, CancellationToken cancellationToken)
    {
        var command = _update ??= Create(
            """
            UPDATE "Articles" SET "Url" = $url, "Title" = $title, "Author" = $author, "PublishedAt" = $publishedAt,
                "UpdatedAt" = $updatedAt, "SummaryHtml" = $summaryHtml, "Text" = $text, "ImageUrl" = $imageUrl,
                "Language" = $language, "ContentHash" = $contentHash
            WHERE "Id" = $id
            """,
            "$url", "$title", "$author", "$publishedAt", "$updatedAt", "$summaryHtml", "$text", "$imageUrl", "$language", "$contentHash", "$id");
        var p = command.Parameters;
        p[0].Value = article.Url;
        p[1].Value = article.Title;
        p[2].Value = (object?)article.Author ?? DBNull.Value;
        p[3].Value = Encode(article.PublishedAt);
        p[4].Value = Encode(article.UpdatedAt);
        p[5].Value = (object?)article.SummaryHtml ?? DBNull.Value;
        p[6].Value = (object?)article.Text ?? DBNull.Value;
        p[7].Value = (object?)article.ImageUrl ?? DBNull.Value;
        p[8].Value = (object?)article.Language ?? DBNull.Value;
        p[9].Value = article.ContentHash;
        p[10].Value = article.Id;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
        _insert?.Dispose();
        _update?.Dispose();
    }
}
