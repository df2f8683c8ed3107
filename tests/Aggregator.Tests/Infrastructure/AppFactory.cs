using Aggregator.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// The whole app over HTTP on its own SQLite file in a temp folder (or its own PostgreSQL database, see
/// <see cref="TestDatabase"/>), with a fake clock.
/// Background workers are off unless a test turns them on; demo content is off unless asked for.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = [];
    private SharedDatabase? _database;

    public AppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "aggregator-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(DataDirectory);
        Settings["Data:Directory"] = DataDirectory;
        Settings["Data:SeedDemoContent"] = "false";
        Settings["Ingestion:WorkersEnabled"] = "false";
        Settings["Clustering:WorkerEnabled"] = "false";
        if (TestDatabase.IsPostgres)
        {
            // Kept only once created: a factory whose database could not be made has nothing to drop when finalized.
            var name = $"aggregator_test_{Guid.NewGuid():n}";
            Settings["ConnectionStrings:Aggregator"] = TestDatabase.Create(name);
            _database = new SharedDatabase(name);
            Settings["Data:Provider"] = nameof(DatabaseProvider.Postgres);
        }
    }

    /// <summary>Runs on the same data as <paramref name="other"/>, as the same site restarted would.</summary>
    public void UseDatabaseOf(AppFactory other)
    {
        Settings["Data:Directory"] = other.DataDirectory;
        if (other._database is { } shared)
        {
            ReleaseDatabase();
            Settings["ConnectionStrings:Aggregator"] = other.Settings["ConnectionStrings:Aggregator"];
            shared.Users++;
            _database = shared;
        }
    }

    // A PostgreSQL database lives until the last app using it is disposed.
    private sealed class SharedDatabase(string name)
    {
        public string Name { get; } = name;
        public int Users { get; set; } = 1;
    }

    private void ReleaseDatabase()
    {
        if (_database is { } shared && --shared.Users == 0)
        {
            TestDatabase.Drop(shared.Name);
        }

        _database = null;
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Configuration overrides; set before the first request or <see cref="WebApplicationFactory{T}.Services"/> access.</summary>
    public IDictionary<string, string?> Settings => _settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>A fresh scope's DbContext; dispose the scope when done.</summary>
    public AsyncServiceScope CreateScope(out AppDbContext db)
    {
        var scope = Services.CreateAsyncScope();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    public async Task WithDbAsync(Func<AppDbContext, Task> action)
    {
        await using var scope = CreateScope(out var db);
        await action(db);
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = CreateScope(out var db);
        return await query(db);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        ReleaseDatabase();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown is left for the OS temp cleaner.
        }
    }
}
