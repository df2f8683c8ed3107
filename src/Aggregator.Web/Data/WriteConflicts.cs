using Npgsql;

namespace Aggregator.Web.Data;

/// <summary>
/// SQLite runs one writer at a time; PostgreSQL runs writers side by side and, when two lock the same rows in opposite
/// orders, aborts one (deadlock) or refuses a serializable one. Either way that transaction was rolled back whole and
/// the other went through, which is the same outcome as a stale <c>Topic.Version</c>: a conflict to report.
/// </summary>
public static class WriteConflicts
{
    public static bool IsConflict(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
            {
                return true;
            }
        }

        return false;
    }
}
