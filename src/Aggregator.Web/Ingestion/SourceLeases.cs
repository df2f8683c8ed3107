using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Claims due sources for this process, so that several processes sharing one database never fetch a source twice
/// at once. The lease is the source's own NextCheckAt: one statement picks due sources and moves their next check to
/// the end of the lease; the fetch then sets the real next check. A process that dies mid-fetch leaves the lease to
/// run out, after which the source is due again for whichever process looks first. On PostgreSQL the pick skips rows
/// another process is claiming at that moment (FOR UPDATE SKIP LOCKED); SQLite runs one writer at a time, so its
/// single UPDATE is atomic as it stands.
/// </summary>
internal static class SourceLeases
{
    public static Task<List<int>> ClaimDueAsync(AppDbContext db, DateTimeOffset now, TimeSpan lease, int count, CancellationToken cancellationToken)
    {
        var due = ArticleWriter.Encode(now);
        var until = ArticleWriter.Encode(now + lease);
        return db.Database.IsNpgsql()
            ? db.Database.SqlQuery<int>($"""
                UPDATE "Sources" SET "NextCheckAt" = {until}
                WHERE "Id" IN (SELECT "Id" FROM "Sources"
                               WHERE "Enabled" AND ("NextCheckAt" IS NULL OR "NextCheckAt" <= {due})
                               ORDER BY "NextCheckAt" NULLS FIRST, "Id" LIMIT {count}
                               FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken)
            : db.Database.SqlQuery<int>($"""
                UPDATE "Sources" SET "NextCheckAt" = {until}
                WHERE "Id" IN (SELECT "Id" FROM "Sources"
                               WHERE "Enabled" AND ("NextCheckAt" IS NULL OR "NextCheckAt" <= {due})
                               ORDER BY "NextCheckAt" NULLS FIRST, "Id" LIMIT {count})
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken);
    }

    /// <summary>Gives claimed sources back unfetched (a stopping process): due now.</summary>
    public static Task ReleaseAsync(AppDbContext db, IReadOnlyCollection<int> sourceIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Sources.Where(s => sourceIds.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextCheckAt, now), cancellationToken);
}
