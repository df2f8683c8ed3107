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
internal sealed class ClusteringLeadership(IServiceScopeFactory scopes, IOptions<ClusteringOptions> options, TimeProvider clock)
{
    public const string LeaseName = "clustering";

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
