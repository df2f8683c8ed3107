namespace Aggregator.Tests.Infrastructure;

/// <summary>A test of SQLite's own machinery (PRAGMAs, FTS5 tables): skipped where the tests run on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : Xunit.FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres)
        {
            Skip = "Tests SQLite's own machinery; PostgreSQL has none of it";
        }
    }
}
