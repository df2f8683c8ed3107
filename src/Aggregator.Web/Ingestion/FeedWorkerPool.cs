using Aggregator.Web.Data;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>A fixed number of workers draining the refresh queue, each job in its own DI scope.</summary>
internal sealed class FeedWorkerPool(
    IServiceScopeFactory scopes,
    FeedRefreshQueue queue,
    IOptions<IngestionOptions> options,
    ILogger<FeedWorkerPool> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkersEnabled)
        {
            return;
        }

        var workers = Enumerable.Range(0, options.Value.WorkerCount).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None));
        await Task.WhenAll(workers);

        // Stopped: sources claimed but never started are given back, due now for whichever process looks next.
        var unstarted = new List<int>();
        while (queue.Reader.TryRead(out var sourceId))
        {
            unstarted.Add(sourceId);
            queue.Complete(sourceId);
        }

        await ReleaseAsync(unstarted);
    }

    private async Task ReleaseAsync(List<int> sourceIds)
    {
        if (sourceIds.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await SourceLeases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), sourceIds,
                scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            IngestionLog.LeaseReleaseFailed(logger, ex, sourceIds.Count);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var sourceId in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<FeedRefresher>().RefreshAsync(sourceId, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Shutting down mid-fetch: the source is given back, due now, as if never claimed.
                    await ReleaseAsync([sourceId]);
                    throw;
                }
                catch (Exception ex)
                {
                    // One broken feed never stops the others.
                    IngestionLog.RefreshCrashed(logger, ex, sourceId);
                }
                finally
                {
                    queue.Complete(sourceId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
