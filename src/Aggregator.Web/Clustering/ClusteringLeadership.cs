using Aggregator.Web.Data;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering;

/// <summary>
/// Which process clusters: the engine is stateful, so of all the processes with the cluster role sharing a database,
/// one leads at a time. Leading is holding the <c>clustering</c> lease row (<see cref="Leases"/>) for
/// Clustering:LeaderLease; the leader renews it while it waits and while it runs, and renews it again inside each
/// batch's transaction before it commits, so a leader that lost the lease (paused past its end) stores nothing.
/// Another process takes the lease once it runs out, restores its engine from the open topics and goes on.
/// </summary>
internal sealed class ClusteringLeadership(IServiceScopeFactory scopes, DatabaseLocation location, IOptions<ClusteringOptions> options, TimeProvider clock) : IDisposable
{
    public const string LeaseName = "clustering";

    // On SQLite a batch's transaction holds the database's only write lock from its start to its commit: no other
    // process can take the lease meanwhile, and a renewal on a connection of its own would only wait behind the batch
    // (a thread held in SQLite's busy wait, then "database is locked"). The batch and the renewal take turns instead.
    private readonly SemaphoreSlim _storing = new(1, 1);

    public string Holder { get; } = Leases.NewHolder();

    /// <summary>Takes or renews the lease in <paramref name="db"/>, inside whatever transaction it has open.</summary>
    public Task<bool> HoldAsync(AppDbContext db, CancellationToken cancellationToken) =>
        Leases.TryTakeAsync(db, LeaseName, Holder, clock.GetUtcNow(), options.Value.LeaderLease, cancellationToken);

    /// <summary>Takes or renews the lease on a connection of its own.</summary>
    public async Task<bool> TryLeadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await HoldAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
    }

    /// <summary>
    /// Renews the lease beside a run of this process. On SQLite, while one of its batches is being stored, the batch's
    /// own renewal before it commits stands for this one, and the lease stays this process's until then.
    /// </summary>
    public async Task<bool> RenewBesideRunAsync(CancellationToken cancellationToken)
    {
        if (location.Provider != DatabaseProvider.Sqlite)
        {
            return await TryLeadAsync(cancellationToken);
        }

        if (!await _storing.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return true;
        }

        try
        {
            return await TryLeadAsync(cancellationToken);
        }
        finally
        {
            _storing.Release();
        }
    }

    /// <summary>Held while a batch is stored, from before its transaction begins until it ends (see <see cref="RenewBesideRunAsync"/>).</summary>
    public async Task<IDisposable> StoringAsync(CancellationToken cancellationToken)
    {
        await _storing.WaitAsync(cancellationToken);
        return new Turn(_storing);
    }

    public void Dispose() => _storing.Dispose();

    private sealed class Turn(SemaphoreSlim storing) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                storing.Release();
            }
        }
    }

    /// <summary>Hands the lease over at once: another process need not wait for it to run out.</summary>
    public async Task StepDownAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await Leases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), LeaseName, Holder, cancellationToken);
    }
}

/// <summary>Another process took the clustering lease while this one was clustering: the batch was rolled back.</summary>
public sealed class LeadershipLostException : Exception
{
    public LeadershipLostException()
        : base("Another process leads clustering now; this batch was rolled back.")
    {
    }

    public LeadershipLostException(string message)
        : base(message)
    {
    }

    public LeadershipLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
