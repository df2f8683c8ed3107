using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Aggregator.Web.Data;

public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Folder for the SQLite file and logs; relative paths resolve against the working directory.</summary>
    [Required]
    public string Directory { get; set; } = "data";

    /// <summary>Apply migrations and seed on start; operators who prefer the explicit `migrate` verb turn this off.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The data folder as an absolute path. The working directory, not the binary's folder, so upgrades that
    /// replace the binaries never touch the data.</summary>
    public static string ResolveDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration[$"{Section}:Directory"] ?? "data");

    /// <summary>
    /// Import the bundled demo snapshots when the database has no articles yet. Unset: only in Development, so a
    /// real install never starts with made-up articles (the `remove-demo` verb takes them out again).
    /// </summary>
    public bool? SeedDemoContent { get; set; }
}

/// <summary>Runs once per start before anything else touches the database (sources, tags, demo content ...).</summary>
public interface IStartupSeeder
{
    /// <summary>Lower runs first.</summary>
    int Order { get; }

    Task SeedAsync(AppDbContext db, CancellationToken cancellationToken);
}

public static class DataSetup
{
    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(new SqlitePragmas());
        // Resolved from the built configuration, not the builder's, so test hosts and late sources can override it.
        builder.Services.AddSingleton(sp => new DatabaseLocation(ResolveConnectionString(sp.GetRequiredService<IConfiguration>())));
        builder.Services.AddDbContext<AppDbContext>((sp, options) => options
            .UseSqlite(sp.GetRequiredService<DatabaseLocation>().ConnectionString)
            .AddInterceptors(sp.GetRequiredService<SqlitePragmas>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTransient<DatabaseInitializer>();
        builder.Services.AddHostedService<DatabaseInitializerHostedService>();
        return builder;
    }

    public static string ResolveConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Aggregator");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var directory = DataOptions.ResolveDirectory(configuration);
        System.IO.Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "aggregator.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }
}

/// <summary>The connection string in use, resolved once.</summary>
public sealed record DatabaseLocation(string ConnectionString);

/// <summary>Per-connection settings so the web app and the workers share one file safely.</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
