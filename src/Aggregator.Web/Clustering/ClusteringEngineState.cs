using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Web.Clustering;

/// <summary>
/// The app's one long-lived engine (IStoryClusterer resolves fresh per caller, so the process keeps its own here),
/// whether it has been rebuilt from the database since it was created, and which topics it holds. The gate
/// serialises runs: the engine is not thread-safe. The `cluster` and `eval` verbs resolve engines of their own.
/// </summary>
internal sealed class ClusteringEngineState(IServiceProvider services)
{
    private IStoryClusterer? _engine;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public IStoryClusterer Engine => _engine ??= services.GetRequiredService<IStoryClusterer>();

    public bool Restored { get; set; }

    public HashSet<string> KnownTopics { get; } = new(StringComparer.Ordinal);

    /// <summary>Drops the engine's memory after a failed batch; the next run starts a fresh engine and restores it.</summary>
    public void Reset()
    {
        _engine = null;
        Restored = false;
        KnownTopics.Clear();
    }
}
