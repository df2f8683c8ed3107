using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Web.Data.Configurations;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.HasIndex(a => new { a.SourceId, a.Guid }).IsUnique();
        b.HasIndex(a => a.Url);
        b.HasIndex(a => a.ContentHash);
        b.HasIndex(a => a.PublishedAt);
        b.HasIndex(a => new { a.TopicId, a.PublishedAt });
        b.HasIndex(a => a.ClusteredAt);
        b.HasOne(a => a.Source).WithMany(s => s.Articles).HasForeignKey(a => a.SourceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.Topic).WithMany(t => t.Articles).HasForeignKey(a => a.TopicId).OnDelete(DeleteBehavior.SetNull);
    }
}
