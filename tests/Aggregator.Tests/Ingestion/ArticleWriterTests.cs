using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aggregator.Tests.Ingestion;

/// <summary>
/// ArticleWriter binds the Articles columns by position, outside EF: these tests hold its column list to the EF model,
/// so a property added to Article, renamed or reordered in the list fails here rather than in production.
/// </summary>
public class ArticleWriterTests
{
    // Left for the clustering runner to fill; the writer inserts them as NULL.
    private static readonly string[] ClusteringColumns = ["TopicId", "ClusteredAt"];

    [Fact]
    public async Task WritesEveryColumnTheModelMapsForArticle()
    {
        using var factory = new AppFactory();
        await factory.WithDbAsync(db =>
        {
            var (entity, table) = ArticleTable(db);
            var modelColumns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.GetColumnName(table)).Order(StringComparer.Ordinal);
            var written = ArticleWriter.InsertColumns.Concat(ClusteringColumns).Order(StringComparer.Ordinal);
            Assert.Equal(modelColumns, written);
            Assert.Equal(ArticleWriter.InsertColumns.Length, ArticleWriter.InsertColumns.Distinct(StringComparer.Ordinal).Count());
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task PutsEachValueInItsOwnColumn()
    {
        using var factory = new AppFactory();
        var t = new DateTimeOffset(2026, 1, 5, 8, 30, 0, TimeSpan.Zero);
        // Every value differs from every other of its type, so two columns swapped in the list cannot go unnoticed.
        var article = new Article
        {
            SourceId = 4242, Guid = "guid-1", Url = "https://example.com/url", Title = "The title", Author = "An author",
            PublishedAt = t, FetchedAt = t.AddMinutes(5), UpdatedAt = t.AddMinutes(9),
            SummaryHtml = "<p>summary</p>", Text = "plain text", ImageUrl = "https://example.com/image.png", Language = "en",
            ContentHash = "hash-1", Importance = 4, PlacedByEditor = true,
        };
        await factory.WithDbAsync(async db =>
        {
            db.Sources.Add(new Source { Id = 4242, Name = "Example", Slug = "writer-test", FeedUrl = "https://example.com/writer-test.xml" });
            await db.SaveChangesAsync();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                using var writer = ArticleWriters.For(transaction.GetDbTransaction());
                await writer.InsertAsync([article], CancellationToken.None);
                await transaction.CommitAsync();
            }

            var stored = await db.Articles.AsNoTracking().SingleAsync();
            var (entity, table) = ArticleTable(db);
            foreach (var column in ArticleWriter.InsertColumns)
            {
                var property = entity.GetProperties().Single(p => p.GetColumnName(table) == column).PropertyInfo!;
                Assert.True(Equals(property.GetValue(article), property.GetValue(stored)),
                    $"{column}: wrote {property.GetValue(article)}, read back {property.GetValue(stored)}");
            }

            Assert.Null(stored.TopicId);
            Assert.Null(stored.ClusteredAt);
        });
    }

    private static (IEntityType Entity, StoreObjectIdentifier Table) ArticleTable(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(Article))!;
        return (entity, StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()));
    }
}
