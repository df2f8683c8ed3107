using Aggregator.Web.Data;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Every scheduler interval, claims the enabled sources whose next check is due, the most overdue first, and queues
/// them (<see cref="SourceLeases"/>: several processes may run schedulers on one database).
/// </summary>
internal sealed class FeedScheduler(
    IServiceScopeFactory scopes,
    FeedRefreshQueue queue,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<FeedScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkersEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queued = await QueueDueSourcesAsync(stoppingToken);
                if (queued > 0)
                {
                    IngestionLog.Queued(logger, queued);
                }

                await Task.Delay(options.Value.SchedulerInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                IngestionLog.SchedulingFailed(logger, ex);
                try
                {
                    await Task.Delay(options.Value.SchedulerInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    internal async Task<int> QueueDueSourcesAsync(CancellationToken cancellationToken)
    {
        // Only as many as the queue has room for: a claimed source waits in this process until its lease runs out.
        var room = options.Value.QueueCapacity - queue.PendingCount;
        if (room <= 0)
        {
            return 0;
        }

        List<int> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            due = await SourceLeases.ClaimDueAsync(db, time.GetUtcNow(), options.Value.LeaseDuration, room, cancellationToken);
        }

        var queued = 0;
        foreach (var id in due)
        {
            if (await queue.EnqueueAsync(id, cancellationToken))
            {
                queued++;
            }
        }

        return queued;
    }
}
