using System.Data;
using System.Data.Common;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aggregator.Web.Clustering;

/// <summary>
/// Claims articles for their topics, one prepared statement for a whole batch inside the caller's transaction: a
/// LINQ update per article was compiled afresh each time and cost more than the engine's work on it. The same SQL
/// runs on SQLite and PostgreSQL.
/// </summary>
internal sealed class ArticleAssignment : IAsyncDisposable
{
    // The guard makes a second claim a no-op, and a topic an editor merged or hid since the batch began takes nothing
    // (the article waits for the next run). An importance is written only where the caller worked it out.
    private const string Sql = """
        UPDATE "Articles" SET "TopicId" = @topic, "ClusteredAt" = @now, "Importance" = COALESCE(@importance, "Importance")
        WHERE "Id" = @id AND "TopicId" IS NULL AND "ClusteredAt" IS NULL
            AND EXISTS (SELECT 1 FROM "Topics" AS t WHERE t."Id" = @topic AND t."MergedIntoId" IS NULL AND NOT t."IsHidden")
        """;

    private readonly DbCommand _command;

    public ArticleAssignment(AppDbContext db, DateTimeOffset now)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Articles are assigned inside the batch's transaction.");
        _command = transaction.Connection!.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = Sql;
        Add("@topic", DbType.String);
        Add("@now", DbType.Int64).Value = ArticleWriter.Encode(now);
        Add("@importance", DbType.Int32);
        Add("@id", DbType.Int64);
        _command.Prepare();
    }

    /// <summary>True when the article was still unclaimed and the topic still takes articles.</summary>
    public async Task<bool> RunAsync(long articleId, string topicId, int? importance, CancellationToken cancellationToken)
    {
        _command.Parameters[0].Value = topicId;
        _command.Parameters[2].Value = importance is { } value ? value : DBNull.Value;
        _command.Parameters[3].Value = articleId;
        return await _command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private DbParameter Add(string name, DbType type)
    {
        var parameter = _command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        _command.Parameters.Add(parameter);
        return parameter;
    }
}
