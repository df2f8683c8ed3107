using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Model;
using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Data;

public class DatabaseTests
{
    [SqliteFact]
    public async Task MigratesOnStartAndUsesWriteAheadLog()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode);

        var location = factory.Services.GetRequiredService<DatabaseLocation>();
        Assert.Contains(factory.DataDirectory, location.ConnectionString, StringComparison.Ordinal);
        await factory.WithDbAsync(async db =>
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
            Assert.Equal("wal", mode);
        });
    }

    [Fact]
    public async Task MigratesOnStartOnEitherEngine()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        Assert.True((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode);
        Assert.Equal(TestDatabase.Provider, factory.Services.GetRequiredService<DatabaseLocation>().Provider);
        await factory.WithDbAsync(async db =>
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
            Assert.True(await db.Sources.AnyAsync(), "reference data is seeded");
        });
    }

    [Fact]
    public async Task ArticleIsUniquePerSourceAndGuid()
    {
        using var factory = new AppFactory();
        await factory.WithDbAsync(async db =>
        {
            var source = new Source { Name = "Example", Slug = "example", FeedUrl = "https://example.com/feed" };
            db.Sources.Add(source);
            await db.SaveChangesAsync();
            db.Articles.Add(new Article { SourceId = source.Id, Guid = "a", Url = "https://example.com/a", Title = "A", ContentHash = "h1" });
            await db.SaveChangesAsync();
            db.Articles.Add(new Article { SourceId = source.Id, Guid = "a", Url = "https://example.com/b", Title = "B", ContentHash = "h2" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });
    }
}
