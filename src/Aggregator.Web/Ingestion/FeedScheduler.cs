using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>Every scheduler interval, queues the enabled sources whose next check is due, the most overdue first.</summary>
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
        List<int> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = time.GetUtcNow();
            due = await db.Sources.AsNoTracking()
                .Where(s => s.Enabled && (s.NextCheckAt == null || s.NextCheckAt <= now))
                .OrderBy(s => s.NextCheckAt)
                .Select(s => s.Id)
                .Take(options.Value.QueueCapacity)
                .ToListAsync(cancellationToken);
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
