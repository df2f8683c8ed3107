namespace Aggregator.Web.Clustering;

/// <summary>
/// What the process knows about the singleton engine's memory: whether it has been rebuilt from the database
/// since start, and which topics it holds. The gate serialises runs (the engine is not thread-safe).
/// It owns the app's one engine instance; the `cluster` and `eval` verbs resolve engines of their own.
/// </summary>
internal sealed class ClusteringEngineState(IStoryClusterer engine)
{
    public IStoryClusterer Engine { get; } = engine;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public bool Restored { get; set; }

    public HashSet<string> KnownTopics { get; } = new(StringComparer.Ordinal);
}
