using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Data;

/// <summary>
/// Named leases in the database (<see cref="Model.Lease"/>), for processes that share one: taking and renewing is one
/// upsert, so it needs no session state and works through connection poolers, on SQLite and PostgreSQL alike.
/// </summary>
internal static class Leases
{
    /// <summary>
    /// Takes the lease when nobody holds it, its holder let it run out, or <paramref name="holder"/> holds it already
    /// (a renewal), and sets its end; false when someone else holds it. On PostgreSQL a competitor's upsert waits for
    /// the row while a transaction that took or renewed it is open, so a holder that renews inside its own transaction
    /// commits only what it did as the holder.
    /// </summary>
    public static async Task<bool> TryTakeAsync(AppDbContext db, string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = ArticleWriter.Encode(now + duration);
        var due = ArticleWriter.Encode(now);
        var taken = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Leases" ("Name", "Holder", "ExpiresAt") VALUES ({name}, {holder}, {until})
            ON CONFLICT ("Name") DO UPDATE SET "Holder" = excluded."Holder", "ExpiresAt" = excluded."ExpiresAt"
            WHERE "Leases"."Holder" = excluded."Holder" OR "Leases"."ExpiresAt" <= {due}
            """, cancellationToken);
        return taken == 1;
    }

    /// <summary>Gives the lease up at once (a process that stops), if <paramref name="holder"/> still holds it.</summary>
    public static Task ReleaseAsync(AppDbContext db, string name, string holder, CancellationToken cancellationToken) =>
        db.Leases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(cancellationToken);

    /// <summary>This process, for a lease's holder: the machine, the process id and a part no other process shares.</summary>
    public static string NewHolder() =>
        $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}
