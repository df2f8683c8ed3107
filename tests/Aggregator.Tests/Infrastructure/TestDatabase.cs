using Aggregator.Web.Data;
using Npgsql;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// The database engine this test assembly runs on: SQLite for Aggregator.Tests, PostgreSQL for the subset that
/// Aggregator.PostgresTests compiles again (see its project file). On PostgreSQL each app gets a database of its own
/// on the server that AGGREGATOR_TEST_POSTGRES names (a connection string to a user allowed to create databases;
/// .ci/postgres starts one), dropped when the app is disposed.
/// </summary>
public static partial class TestDatabase
{
    public const string ServerVariable = "AGGREGATOR_TEST_POSTGRES";

    public static DatabaseProvider Provider => Engine;

    public static bool IsPostgres => Engine == DatabaseProvider.Postgres;

    /// <summary>Why this assembly's tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        IsPostgres && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ServerVariable))
            ? $"PostgreSQL variant: set {ServerVariable} to a PostgreSQL connection string (.ci/postgres start prints one) to run it"
            : null;

    /// <summary>Creates an empty database and returns the connection string the app should use.</summary>
    public static string Create(string name)
    {
        var server = Server();
        using var connection = new NpgsqlConnection(server.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    public static void Drop(string name)
    {
        var server = Server();
        using (var pooled = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        using var connection = new NpgsqlConnection(server.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static NpgsqlConnectionStringBuilder Server() =>
        new(Environment.GetEnvironmentVariable(ServerVariable) ?? throw new InvalidOperationException(Unavailable));
}
