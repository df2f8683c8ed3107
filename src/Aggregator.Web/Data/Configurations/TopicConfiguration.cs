using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Web.Data.Configurations;

internal sealed class TopicConfiguration : IEntityTypeConfiguration<Topic>
{
    public void Configure(EntityTypeBuilder<Topic> b)
    {
        b.Property(t => t.Id).HasMaxLength(10);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.IsHidden, t.Importance, t.LatestAt });
        b.HasIndex(t => t.LatestAt);
        b.HasIndex(t => t.Category);
        b.HasIndex(t => t.MergedIntoId);
        b.Property(t => t.SplitFromId).HasMaxLength(10);
        b.HasIndex(t => t.SplitFromId);
        b.HasOne(t => t.LeadArticle).WithMany().HasForeignKey(t => t.LeadArticleId).OnDelete(DeleteBehavior.SetNull);
        b.OwnsMany(t => t.SummarySentences, o => o.ToJson());
        b.OwnsMany(t => t.ImportanceFactors, o => o.ToJson());
        b.Ignore(t => t.IsMultiSource);
        b.Ignore(t => t.SourceLabel);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b) => b.HasKey(t => t.Slug);
}

internal sealed class TopicTagConfiguration : IEntityTypeConfiguration<TopicTag>
{
    public void Configure(EntityTypeBuilder<TopicTag> b)
    {
        b.HasKey(t => new { t.TopicId, t.TagSlug });
        b.HasIndex(t => t.TagSlug);
        b.HasOne(t => t.Topic).WithMany(t => t.Tags).HasForeignKey(t => t.TopicId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagSlug).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}
