using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Web.Data.Configurations;

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> b)
    {
        b.HasIndex(s => s.FeedUrl).IsUnique();
        b.HasIndex(s => s.Slug).IsUnique();
        b.Property(s => s.Slug).HasMaxLength(100);
        b.HasIndex(s => new { s.Enabled, s.NextCheckAt });
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Name).HasMaxLength(200);
        b.Ignore(s => s.OwnerKey);
    }
}
