using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>A fixed number of workers draining the refresh queue, each job in its own DI scope.</summary>
internal sealed class FeedWorkerPool(
    IServiceScopeFactory scopes,
    FeedRefreshQueue queue,
    IOptions<IngestionOptions> options,
    ILogger<FeedWorkerPool> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkersEnabled)
        {
            return Task.CompletedTask;
        }

        var workers = Enumerable.Range(0, options.Value.WorkerCount).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None));
        return Task.WhenAll(workers);
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
                    // Shutting down: the source keeps its past-due NextCheckAt and is picked up again on the next start.
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
