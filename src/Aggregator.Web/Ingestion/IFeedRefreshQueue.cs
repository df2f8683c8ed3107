namespace Aggregator.Web.Ingestion;

/// <summary>The ingestion queue: the scheduler and the admin's "fetch now" both enqueue here.</summary>
public interface IFeedRefreshQueue
{
    /// <summary>Queues a fetch of the source; returns false when it is already queued or running.</summary>
    ValueTask<bool> EnqueueAsync(int sourceId, CancellationToken cancellationToken);

    /// <summary>Whether workers in this process take sources off the queue (Ingestion:WorkersEnabled).</summary>
    bool HasWorkers => true;
}
