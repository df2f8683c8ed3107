using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Aggregator.Tests.Data;

public class ProviderTests
{
    private static DatabaseProvider Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return DataSetup.ResolveLocation(configuration).Provider;
    }

    [Fact]
    public void SqliteUnlessTheConnectionStringOrTheSettingSaysPostgres()
    {
        var folder = Path.Combine(Path.GetTempPath(), "aggregator-tests", Guid.NewGuid().ToString("n"));
        try
        {
            Assert.Equal(DatabaseProvider.Sqlite, Resolve(("Data:Directory", folder)));
            Assert.Equal(DatabaseProvider.Sqlite, Resolve(("ConnectionStrings:Aggregator", "Data Source=/srv/site/aggregator.db")));
            Assert.Equal(DatabaseProvider.Postgres, Resolve(("ConnectionStrings:Aggregator", "Host=db.internal;Database=news;Username=news")));
            Assert.Equal(DatabaseProvider.Postgres, Resolve(("ConnectionStrings:Aggregator", "Server=db;Database=news"), ("Data:Provider", "postgres")));
            Assert.Equal(DatabaseProvider.Sqlite, Resolve(("ConnectionStrings:Aggregator", "Host=odd.db"), ("Data:Provider", "Sqlite")));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void AnUnknownProviderStopsTheStartWithItsName()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Resolve(("ConnectionStrings:Aggregator", "Data Source=x.db"), ("Data:Provider", "Oracle")));
        Assert.Contains("'Oracle'", error.Message, StringComparison.Ordinal);
    }

    // A schema change needs a migration for each engine (docs/operations.md, Adding a migration); building the model
    // needs no server, so this holds on every machine.
    [Fact]
    public void BothEnginesHaveAMigrationForEveryModelChange()
    {
        using var sqlite = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite: the model has changes no migration in Data/Migrations holds");
        using var postgres = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=127.0.0.1;Database=none").Options);
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL: the model has changes no migration in Data/PostgresMigrations holds");
        Assert.NotEmpty(postgres.Database.GetMigrations());
        Assert.Empty(postgres.Database.GetMigrations().Intersect(sqlite.Database.GetMigrations()));
    }
}
