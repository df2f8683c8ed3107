using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering;

/// <summary>
/// Clusters whatever ingestion stored since the last pass, every Clustering:PollInterval, while this process leads
/// clustering (<see cref="ClusteringLeadership"/>); the others wait, trying for the lease every third of it.
/// </summary>
internal sealed class ClusteringWorker(
    IServiceScopeFactory scopes,
    ClusteringLeadership leadership,
    ClusteringEngineState state,
    IOptions<ClusteringOptions> options,
    TimeProvider clock,
    ILogger<ClusteringWorker> logger) : BackgroundService
{
    private bool _leading;
    private DateTimeOffset? _lastRun;

    private TimeSpan RenewEvery => options.Value.LeaderLease / 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PassAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Clustering pass failed; retrying in {Interval}", RenewEvery);
                }

                try
                {
                    await Task.Delay(RenewEvery < options.Value.PollInterval ? RenewEvery : options.Value.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            if (_leading)
            {
                await StepDownAsync();
            }
        }
    }

    /// <summary>
    /// Takes or renews the lease; while leading, clusters the pending articles when a poll interval has passed since
    /// the last run, renewing the lease alongside. Returns whether this process leads.
    /// </summary>
    internal async Task<bool> PassAsync(CancellationToken stoppingToken)
    {
        bool leading;
        try
        {
            leading = await leadership.TryLeadAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not knowing is not leading: the engine is rebuilt should this process lead again.
            await SetLeadingAsync(false);
            throw;
        }

        await SetLeadingAsync(leading);
        var now = clock.GetUtcNow();
        if (!leading || now - _lastRun < options.Value.PollInterval)
        {
            return leading;
        }

        _lastRun = now;
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewAsync(lost, done.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<ClusteringRunner>();
            runner.Leadership = leadership;
            await runner.RunPendingAsync(lost.Token);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Clustering stopped: this process no longer holds the clustering lease");
        }
        catch (LeadershipLostException)
        {
            await SetLeadingAsync(false);
        }
        finally
        {
            await done.CancelAsync();
            await renewal;
        }

        return _leading;
    }

    // Keeps the lease while a run outlasts it (a long restore or backlog); stops the run once it is lost.
    private async Task RenewAsync(CancellationTokenSource lost, CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, clock, done);
                if (!await leadership.RenewBesideRunAsync(done))
                {
                    await SetLeadingAsync(false);
                    await lost.CancelAsync();
                    return;
                }
            }
        }
        catch (Exception) when (done.IsCancellationRequested)
        {
            // The run ended while a renewal was under way (a cancelled command fails as the provider chooses).
        }
        catch (Exception ex)
        {
            // The batch's own renewal before it commits still guards what is stored, and a lost lease is reported when
            // it is found; a renewal that could not run (another writer held the database past its busy timeout) loses
            // nothing.
            logger.LogInformation("Could not renew the clustering lease now ({Reason}); the next batch checks it again", ex.Message);
        }
    }

    private async Task SetLeadingAsync(bool leading)
    {
        if (leading == _leading)
        {
            return;
        }

        _leading = leading;
        _lastRun = null;
        // Whatever the engine held was this process's view before another led: start again from the database.
        await state.Gate.WaitAsync();
        try
        {
            state.Reset();
        }
        finally
        {
            state.Gate.Release();
        }

        if (leading)
        {
            logger.LogInformation("This process leads clustering now ({Holder})", leadership.Holder);
        }
        else
        {
            logger.LogWarning("This process no longer leads clustering ({Holder})", leadership.Holder);
        }
    }

    private async Task StepDownAsync()
    {
        try
        {
            await leadership.StepDownAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not hand the clustering lease over; another process takes it when it runs out");
        }
    }
}
