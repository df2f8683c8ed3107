using System.Data;
using System.Data.Common;
using System.Text.Json;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aggregator.Web.Clustering;

/// <summary>
/// Inserts a batch's new topics, complete, on one prepared statement inside the caller's transaction. EF's insert of a
/// topic (its owned JSON lists tracked as entities, its SQL built row by row) cost more than composing the topic. The
/// JSON is written as EF writes it (properties in name order), so the columns read back the same on either provider.
/// Tags are left to the caller.
/// </summary>
internal sealed class TopicInsert : IAsyncDisposable
{
    private static readonly string[] Columns =
    [
        "Id", "Slug", "Headline", "Dek", "Summary", "SummarySentences", "LeadArticleId", "Category", "MainEntity",
        "Importance", "ComputedImportance", "ImportanceFactors", "ArticleCount", "SourceCount", "EarliestAt", "LatestAt",
        "IsUndated", "CreatedAt", "UpdatedAt", "ClosedAt", "Version", "MergedIntoId", "SplitFromId", "SplitAt",
        "EditorImportance", "EditorLeadArticleId", "EditorHeadline", "EditorDek", "EditorSummary", "IsPinned", "IsHidden",
    ];

    private readonly DbCommand _command;

    public TopicInsert(AppDbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Topics are inserted inside the batch's transaction.");
        var json = db is PostgresDbContext ? " AS jsonb" : " AS TEXT";
        var values = Columns.Select(c => c is "SummarySentences" or "ImportanceFactors" ? $"CAST(@{c}{json})" : "@" + c);
        _command = transaction.Connection!.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = $"""INSERT INTO "Topics" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", values)})""";
        foreach (var column in Columns)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + column;
            parameter.DbType = TypeOf(column);
            _command.Parameters.Add(parameter);
        }

        _command.Prepare();
    }

    public async Task RunAsync(Topic topic, CancellationToken cancellationToken)
    {
        object?[] values =
        [
            topic.Id, topic.Slug, topic.Headline, topic.Dek, topic.Summary, Json(topic.SummarySentences), topic.LeadArticleId, topic.Category, topic.MainEntity,
            topic.Importance, topic.ComputedImportance, Json(topic.ImportanceFactors), topic.ArticleCount, topic.SourceCount, Date(topic.EarliestAt), Date(topic.LatestAt),
            topic.IsUndated, Date(topic.CreatedAt), Date(topic.UpdatedAt), Date(topic.ClosedAt), topic.Version, topic.MergedIntoId, topic.SplitFromId, Date(topic.SplitAt),
            topic.EditorImportance, topic.EditorLeadArticleId, topic.EditorHeadline, topic.EditorDek, topic.EditorSummary, topic.IsPinned, topic.IsHidden,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            _command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private static DbType TypeOf(string column) => column switch
    {
        "Importance" or "ComputedImportance" or "ArticleCount" or "SourceCount" or "Version" or "EditorImportance" => DbType.Int32,
        "IsUndated" or "IsPinned" or "IsHidden" => DbType.Boolean,
        "LeadArticleId" or "EditorLeadArticleId" or "EarliestAt" or "LatestAt" or "CreatedAt" or "UpdatedAt" or "ClosedAt" or "SplitAt" => DbType.Int64,
        _ => DbType.String,
    };

    private static long? Date(DateTimeOffset? value) => value is { } date ? ArticleWriter.Encode(date) : null;

    private static string Json(List<SummarySentence> sentences) => Json(sentences, (writer, s) =>
    {
        if (s.ArticleId is { } id)
        {
            writer.WriteNumber("ArticleId", id);
        }
        else
        {
            writer.WriteNull("ArticleId");
        }

        writer.WriteString("Text", s.Text);
    });

    private static string Json(List<ImportanceFactor> factors) => Json(factors, (writer, f) =>
    {
        writer.WriteString("Explanation", f.Explanation);
        writer.WriteString("Name", f.Name);
        writer.WriteNumber("Value", f.Value);
    });

    private static string Json<T>(List<T> items, Action<Utf8JsonWriter, T> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartObject();
                write(writer, item);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
