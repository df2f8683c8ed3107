using System.Data.Common;
using System.Globalization;
using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Aggregator.Web.Cli;

/// <summary>
/// `copy-to-postgres CONNECTION`: moves a SQLite site to an empty PostgreSQL database. Both schemas are brought up to
/// date first; then every table of the model is copied row for row (binary COPY, ids as they are) in one transaction,
/// with the foreign keys set aside while it runs (articles and topics refer to each other) and checked again when
/// they are restored; identity sequences continue after the copied ids; every table's count is compared at the end.
/// PostgreSQL fills its search columns as the rows arrive. The site must be stopped while it runs.
/// </summary>
internal sealed class CopyToPostgresCommand(DatabaseLocation location) : ICliCommand
{
    public string Name => "copy-to-postgres";
    public string Usage => "copy-to-postgres CONN   copy this SQLite site into the empty PostgreSQL database CONN (site stopped)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length != 1 || string.IsNullOrWhiteSpace(args[0]))
        {
            await error.WriteLineAsync("Usage: copy-to-postgres \"Host=...;Database=...;Username=...;Password=...\"   (a password file keeps it off the command line: Passfile=...)");
            return 2;
        }

        if (location.IsPostgres)
        {
            await error.WriteLineAsync("copy-to-postgres reads a SQLite site; this one is on PostgreSQL already.");
            return 1;
        }

        await using var scope = services.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var target = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(args[0]).Options);
        try
        {
            await source.Database.MigrateAsync(cancellationToken);
            await target.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ArgumentException)
        {
            await error.WriteLineAsync($"Could not open both databases: {ex.Message}");
            return 1;
        }

        var tables = Tables(source.Model);
        var connection = (NpgsqlConnection)target.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        foreach (var table in tables)
        {
            if (await CountAsync(connection, table.Name, cancellationToken) > 0)
            {
                await error.WriteLineAsync($"Copy refused: the target database already holds rows in \"{table.Name}\"; copy into a new, empty database.");
                return 1;
            }
        }

        var reader = source.Database.GetDbConnection();
        await reader.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var foreignKeys = await SetForeignKeysAsideAsync(connection, cancellationToken);
        var copied = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            copied[table.Name] = await CopyAsync(reader, connection, table, cancellationToken);
        }

        foreach (var (tableName, constraint, definition) in foreignKeys)
        {
            await ExecuteAsync(connection, $"ALTER TABLE {tableName} ADD CONSTRAINT \"{constraint}\" {definition}", cancellationToken);
        }

        await ContinueSequencesAsync(connection, cancellationToken);
        foreach (var table in tables)
        {
            var there = await CountAsync(connection, table.Name, cancellationToken);
            if (there != copied[table.Name])
            {
                await error.WriteLineAsync($"Copy rolled back: \"{table.Name}\" has {copied[table.Name]} rows here and {there} there.");
                return 1;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var table in tables)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table.Name,-24} {copied[table.Name],10} rows"));
        }

        await output.WriteLineAsync("Copied. Point ConnectionStrings:Aggregator at the PostgreSQL database and start the site.");
        return 0;
    }

    private sealed record Table(string Name, IReadOnlyList<Column> Columns);

    private sealed record Column(string Name, Type Type);

    // Every table of the model with the columns entities map to it, and the type each is stored as.
    private static List<Table> Tables(IModel model) =>
        [.. model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .GroupBy(e => e.GetTableName()!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var store = StoreObjectIdentifier.Table(g.Key, null);
                var columns = g.SelectMany(e => e.GetProperties())
                    .Select(p => new Column(p.GetColumnName(store)!, Nullable.GetUnderlyingType(StoredType(p)) ?? StoredType(p)))
                    .Where(c => c.Name is not null)
                    .DistinctBy(c => c.Name)
                    .ToList();
                return new Table(g.Key, columns);
            })];

    private static Type StoredType(IProperty property) =>
        property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;

    private static async Task<long> CopyAsync(DbConnection from, NpgsqlConnection to, Table table, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        await using var select = from.CreateCommand();
        select.CommandText = $"SELECT {columns} FROM \"{table.Name}\"";
        await using var rows = await select.ExecuteReaderAsync(cancellationToken);
        await using var writer = await to.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long count = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (await rows.IsDBNullAsync(i, cancellationToken))
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await writer.WriteAsync(Convert.ChangeType(rows.GetValue(i), table.Columns[i].Type, CultureInfo.InvariantCulture), cancellationToken);
                }
            }

            count++;
        }

        await writer.CompleteAsync(cancellationToken);
        return count;
    }

    // Dropped for the copy and added back after it, which checks every row against them.
    private static async Task<List<(string Table, string Constraint, string Definition)>> SetForeignKeysAsideAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var keys = new List<(string, string, string)>();
        await using (var command = new NpgsqlCommand("""
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (table, constraint, _) in keys)
        {
            await ExecuteAsync(connection, $"ALTER TABLE {table} DROP CONSTRAINT \"{constraint}\"", cancellationToken);
        }

        return keys;
    }

    private static async Task ContinueSequencesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var identities = new List<(string Table, string Column)>();
        await using (var command = new NpgsqlCommand("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                identities.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (table, column) in identities)
        {
            await ExecuteAsync(connection,
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)",
                cancellationToken);
        }
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\"", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
