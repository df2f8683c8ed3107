using System.Globalization;
using Aggregator.Web.Data;
using Microsoft.Data.Sqlite;

namespace Aggregator.Web.Cli;

/// <summary>
/// `backup PATH`: a consistent copy of the live database through SQLite's online backup API, safe while the site,
/// ingestion and clustering keep writing. The copy is a single self-contained file (rollback journal, not WAL).
/// </summary>
internal sealed class BackupCommand(DatabaseLocation location, TimeProvider time) : ICliCommand
{
    public string Name => "backup";
    public string Usage => "backup PATH             copy the live database to PATH (a new file, or a folder for a dated file)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length != 1 || string.IsNullOrWhiteSpace(args[0]))
        {
            await error.WriteLineAsync("Usage: backup PATH   (PATH is a new file, or an existing folder to hold aggregator-YYYYMMDD-HHMMSS.db)");
            return 2;
        }

        if (location.IsPostgres)
        {
            await error.WriteLineAsync("backup copies a SQLite file; this site is on PostgreSQL, so back it up with pg_dump (docs/operations.md, More than one machine).");
            return 1;
        }

        var target = Path.GetFullPath(args[0]);
        if (Directory.Exists(target))
        {
            target = Path.Combine(target, $"aggregator-{time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.db");
        }

        if (File.Exists(target))
        {
            await error.WriteLineAsync($"Backup refused: '{target}' already exists; choose a new file name.");
            return 1;
        }

        var folder = Path.GetDirectoryName(target);
        if (folder is not null && !Directory.Exists(folder))
        {
            await error.WriteLineAsync($"Backup refused: folder '{folder}' does not exist.");
            return 1;
        }

        var sourcePath = new SqliteConnectionStringBuilder(location.ConnectionString).DataSource;
        if (!File.Exists(sourcePath))
        {
            await error.WriteLineAsync($"No database at '{sourcePath}' to back up.");
            return 1;
        }

        var partial = target + ".partial";
        try
        {
            await BackupAsync(location.ConnectionString, partial, cancellationToken);
            File.Move(partial, target);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
        }

        await output.WriteLineAsync($"Backed up {sourcePath} to {target} ({new FileInfo(target).Length:N0} bytes).");
        return 0;
    }

    /// <summary>Copies the database into a new file at <paramref name="target"/> and checks the copy.</summary>
    public static async Task BackupAsync(string sourceConnectionString, string target, CancellationToken cancellationToken)
    {
        var sourceSettings = new SqliteConnectionStringBuilder(sourceConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        await using var source = new SqliteConnection(sourceSettings.ToString());
        await source.OpenAsync(cancellationToken);
        await using (var busy = source.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout=10000;";
            await busy.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await destination.OpenAsync(cancellationToken);
        source.BackupDatabase(destination);

        await using var command = destination.CreateCommand();
        // One file to copy around and restore; the app switches back to WAL when it opens it.
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        await command.ExecuteScalarAsync(cancellationToken);
        command.CommandText = "PRAGMA quick_check;";
        var check = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (check != "ok")
        {
            throw new InvalidOperationException($"The backup copy failed its integrity check: {check}");
        }
    }
}
