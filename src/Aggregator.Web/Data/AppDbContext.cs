using Aggregator.Web.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Aggregator.Web.Data;

public class AppDbContext : IdentityDbContext<IdentityUser>
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresDbContext"/>: the same model, with migrations of its own.</summary>
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Topic> Topics => Set<Topic>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<TopicTag> TopicTags => Set<TopicTag>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<CacheStamp> CacheStamps => Set<CacheStamp>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        NewTopicVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        NewTopicVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // Every changed topic is saved as a new version, checked against the one it was read as (Topic.Version).
    private void NewTopicVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Topic>())
        {
            if (entry.State == EntityState.Modified && !entry.Property(t => t.Version).IsModified)
            {
                entry.Entity.Version++;
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type; EF cannot compare or order DateTimeOffset stored as text.
        // A binary (UTC-tick based) encoding keeps comparisons and ORDER BY in SQL. PostgreSQL stores the same
        // bigint, so both providers order alike, keep the offset a feed wrote, and copy between them unchanged.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
