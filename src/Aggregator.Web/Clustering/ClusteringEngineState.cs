using System.Text.Json;
using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Data;

namespace Aggregator.Web.Clustering;

/// <summary>
/// The app's one long-lived engine (IStoryClusterer resolves fresh per caller, so the process keeps its own here),
/// whether it has been rebuilt from the database since it was created, and which topics it holds. The gate
/// serialises runs: the engine is not thread-safe. The `cluster` and `eval` verbs resolve engines of their own.
/// What the engine learnt that the database cannot give back (see <see cref="IStoryClusterer.SaveLearned"/>) is kept
/// in a small file beside the data after every stored batch, replaced whole, so a kill leaves the previous one.
/// </summary>
internal sealed class ClusteringEngineState(IServiceProvider services)
{
    private const string LearnedFile = "clustering-learned.json";

    private IStoryClusterer? _engine;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public IStoryClusterer Engine => _engine ??= services.GetRequiredService<IStoryClusterer>();

    public bool Restored { get; set; }

    public HashSet<string> KnownTopics { get; } = new(StringComparer.Ordinal);

    private string LearnedPath => Path.Combine(DataOptions.ResolveDirectory(services.GetRequiredService<IConfiguration>()), LearnedFile);

    /// <summary>Drops the engine's memory after a failed batch; the next run starts a fresh engine and restores it.</summary>
    public void Reset()
    {
        _engine = null;
        Restored = false;
        KnownTopics.Clear();
    }

    /// <summary>Keeps what the engine learnt, once a batch is stored.</summary>
    public void SaveLearned()
    {
        if (Engine.SaveLearned() is not { } learned)
        {
            return;
        }

        var path = LearnedPath;
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(learned));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The batch is stored; a restart then learns the pace again from the stream, as before this file.
        }
    }

    /// <summary>Gives the restored engine what it learnt before the restart; a missing or unreadable file is learnt again.</summary>
    public void RestoreLearned()
    {
        try
        {
            if (File.Exists(LearnedPath) && JsonSerializer.Deserialize<double[]>(File.ReadAllBytes(LearnedPath)) is { } learned)
            {
                Engine.RestoreLearned(learned);
            }
        }
        catch (JsonException)
        {
            // Learnt again from the stream.
        }
    }
}
