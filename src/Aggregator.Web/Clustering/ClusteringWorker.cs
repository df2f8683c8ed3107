using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering;

/// <summary>Clusters whatever ingestion stored since the last pass, every Clustering:PollInterval.</summary>
internal sealed class ClusteringWorker(IServiceScopeFactory scopes, IOptions<ClusteringOptions> options, TimeProvider clock, ILogger<ClusteringWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Clustering pass failed; retrying in {Interval}", options.Value.PollInterval);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
