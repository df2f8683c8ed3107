using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aggregator.Web.Data;

/// <summary>The database engine behind <see cref="AppDbContext"/>.</summary>
public enum DatabaseProvider
{
    /// <summary>One file beside the app: the default, for a site on one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server that several processes and machines can share.</summary>
    Postgres,
}

public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>
    /// Unset: SQLite, unless ConnectionStrings:Aggregator is a PostgreSQL one (it names a Host). See
    /// <see cref="DataSetup.ResolveProvider"/>.
    /// </summary>
    public DatabaseProvider? Provider { get; set; }

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
        builder.Services.AddSingleton(sp => ResolveLocation(sp.GetRequiredService<IConfiguration>()));
        // A failed command reaches its caller as an exception, and the caller logs it once with what it was doing
        // (or, at shutdown, says it stopped): EF's own error line for it would be a second report, and an interrupted
        // command at shutdown is no error at all.
        builder.Services.AddDbContext<AppDbContext>((sp, options) => options
            .UseSqlite(sp.GetRequiredService<DatabaseLocation>().ConnectionString)
            .AddInterceptors(sp.GetRequiredService<SqlitePragmas>())
            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug))));
        builder.Services.AddDbContext<PostgresDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<DatabaseLocation>().ConnectionString)
            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug))));
        // Everything asks for AppDbContext; on PostgreSQL it is the PostgresDbContext, whose migrations are its own.
        builder.Services.Replace(ServiceDescriptor.Scoped<AppDbContext>(sp =>
            sp.GetRequiredService<DatabaseLocation>().Provider == DatabaseProvider.Postgres
                ? sp.GetRequiredService<PostgresDbContext>()
                : new AppDbContext(sp.GetRequiredService<DbContextOptions<AppDbContext>>())));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTransient<DatabaseInitializer>();
        builder.Services.AddHostedService<DatabaseInitializerHostedService>();
        return builder;
    }

    public static DatabaseLocation ResolveLocation(IConfiguration configuration)
    {
        var connectionString = ResolveConnectionString(configuration);
        return new DatabaseLocation(connectionString, ResolveProvider(configuration, connectionString));
    }

    /// <summary>Data:Provider when set; otherwise a connection string naming a Host is PostgreSQL's, anything else SQLite's.</summary>
    public static DatabaseProvider ResolveProvider(IConfiguration configuration, string connectionString)
    {
        var configured = configuration[$"{DataOptions.Section}:{nameof(DataOptions.Provider)}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Enum.TryParse<DatabaseProvider>(configured.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
                ? provider
                : throw new InvalidOperationException($"Data:Provider must be Sqlite or Postgres, not '{configured}'.");
        }

        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.ContainsKey("Host") || keys.ContainsKey("Server") ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
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

/// <summary>The connection string and engine in use, resolved once.</summary>
public sealed record DatabaseLocation(string ConnectionString, DatabaseProvider Provider)
{
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;
}

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
