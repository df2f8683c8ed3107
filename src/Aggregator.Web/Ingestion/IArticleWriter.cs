using System.Data.Common;
using Aggregator.Web.Model;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aggregator.Web.Ingestion;

/// <summary>What dedupe needs of a stored article: its keys, not its content.</summary>
internal sealed record StoredArticleKey(long Id, string Guid, string Url, string ContentHash, DateTimeOffset PublishedAt, string Title, string? FeedHash);

/// <summary>
/// The pipeline's bulk article writes on the open write transaction, outside EF's change tracking: one per engine
/// (<see cref="ArticleWriter"/> for SQLite, <see cref="PostgresArticleWriter"/>), both writing the columns of
/// <see cref="ArticleWriter.InsertColumns"/> encoded as the EF model maps them.
/// </summary>
internal interface IArticleWriter : IDisposable
{
    /// <summary>The source's stored articles sharing a guid, URL or content hash with the incoming ones, oldest first.</summary>
    Task<List<StoredArticleKey>> LoadKeysAsync(int sourceId, IReadOnlyList<string> guids, IReadOnlyList<string> urls,
        IReadOnlyList<string> hashes, CancellationToken cancellationToken);

    Task InsertAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what a re-fetch changed onto a stored article and stamps UpdatedAt; true when anything differed.
    /// A null value keeps the stored one; clustering and editor state are left alone.
    /// </summary>
    Task<bool> UpdateIfChangedAsync(long id, NormalizedArticle item, DateTimeOffset? publishedAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records the fingerprint of an item that normalised to what is already stored, so the next fetch skips it.</summary>
    Task SetFeedHashAsync(long id, string? feedHash, CancellationToken cancellationToken);
}

internal static class ArticleWriters
{
    /// <summary>The writer for the engine the transaction belongs to.</summary>
    public static IArticleWriter For(DbTransaction transaction) => transaction switch
    {
        SqliteTransaction sqlite => new ArticleWriter(sqlite),
        NpgsqlTransaction postgres => new PostgresArticleWriter(postgres),
        _ => throw new NotSupportedException($"No article writer for {transaction.GetType().Name}."),
    };

    /// <summary>Reads the rows of a keys query: Id, Guid, Url, ContentHash, PublishedAt, Title, FeedHash.</summary>
    public static async Task<List<StoredArticleKey>> ReadKeysAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var keys = new List<StoredArticleKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new StoredArticleKey(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                ArticleWriter.Decode(reader.GetInt64(4)), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return keys;
    }
}
