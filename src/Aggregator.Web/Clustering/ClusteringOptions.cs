using System.ComponentModel.DataAnnotations;

namespace Aggregator.Web.Clustering;

public sealed class ClusteringOptions
{
    public const string Section = "Clustering";

    /// <summary>Run the background worker that clusters newly ingested articles; tests and CLI-only hosts turn it off.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the worker looks for unclustered articles.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Articles per transaction and per engine settle: a crash loses at most one uncommitted batch, never half a topic.
    /// The `cluster` and `eval` verbs and `bench cluster` settle in batches of this size too, so they measure what the
    /// site runs.
    /// </summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// On start the engine is rebuilt from open topics whose latest article is at most this much older than the newest
    /// open topic's (or than now, if that is earlier).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Upper bound on articles replayed into the engine on start, newest first.</summary>
    [Range(0, 1_000_000)]
    public int RestoreMaxArticles { get; set; } = 50_000;

    /// <summary>
    /// How long the clustering leader's lease lasts unrenewed: when the leader dies, another process with the cluster
    /// role takes over after at most this plus a third of it. The leader renews every third of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan LeaderLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Folder holding tags.json and categories.json; empty means the seeds folder shipped beside the app.</summary>
    public string? SeedsDirectory { get; set; }

    public LlmSummaryOptions Llm { get; set; } = new();

    public string ResolveSeedsDirectory() =>
        string.IsNullOrWhiteSpace(SeedsDirectory) ? Path.Combine(AppContext.BaseDirectory, "seeds") : Path.GetFullPath(SeedsDirectory);
}

/// <summary>An optional OpenAI-compatible chat endpoint (e.g. a local Ollama at http://localhost:11434/v1) for summaries.</summary>
public sealed class LlmSummaryOptions
{
    /// <summary>Base URL including the API version segment, e.g. http://localhost:11434/v1. Empty turns the LLM off.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>Supply through the environment (Clustering__Llm__ApiKey) or user secrets, never appsettings.</summary>
    public string? ApiKey { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Topics with fewer articles keep the extractive summary (saves calls on single-report topics).</summary>
    [Range(1, 1000)]
    public int MinArticles { get; set; } = 2;

    /// <summary>Articles of a topic shown to the model, earliest and most important first.</summary>
    [Range(1, 50)]
    public int MaxArticles { get; set; } = 12;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}
