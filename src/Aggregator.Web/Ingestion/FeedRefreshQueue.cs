using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// The bounded queue between the scheduler (and the admin's "fetch now") and the worker pool. A source is in it at most
/// once, queued or running. Nothing here needs persisting: on restart the scheduler finds the same due sources again.
/// </summary>
public sealed class FeedRefreshQueue : IFeedRefreshQueue
{
    private readonly Channel<int> _channel;
    private readonly ConcurrentDictionary<int, byte> _pending = new();

    public FeedRefreshQueue(IOptions<IngestionOptions> options)
    {
        HasWorkers = options.Value.WorkersEnabled;
        _channel = Channel.CreateBounded<int>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    internal ChannelReader<int> Reader => _channel.Reader;

    public bool HasWorkers { get; }

    /// <summary>Sources queued or being fetched right now.</summary>
    public int PendingCount => _pending.Count;

    public bool IsPending(int sourceId) => _pending.ContainsKey(sourceId);

    public async ValueTask<bool> EnqueueAsync(int sourceId, CancellationToken cancellationToken)
    {
        if (!_pending.TryAdd(sourceId, 0))
        {
            return false;
        }

        try
        {
            await _channel.Writer.WriteAsync(sourceId, cancellationToken);
            return true;
        }
        catch
        {
            _pending.TryRemove(sourceId, out _);
            throw;
        }
    }

    /// <summary>Called by a worker when it is done with a source, however the job ended.</summary>
    internal void Complete(int sourceId) => _pending.TryRemove(sourceId, out _);
}
