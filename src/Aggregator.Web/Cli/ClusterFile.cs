using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Model;
using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Web.Cli;

/// <summary>One line of a `cluster` or `eval` input file.</summary>
public sealed class ClusterFileLine
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("source")]
    public string? Source { get; set; }

    [JsonPropertyName("published")]
    public DateTimeOffset? Published { get; set; }

    [JsonPropertyName("story")]
    public string? Story { get; set; }

    /// <summary>From a community (forum, link aggregator); when absent, taken from the source registry by <see cref="Source"/>.</summary>
    [JsonPropertyName("community")]
    public bool? Community { get; set; }
}

/// <summary>The outcome of running a file through the engine: each line's final topic, merges followed.</summary>
/// <param name="Elapsed">Wall-clock time spent in the engine.</param>
/// <param name="ProcessorTime">Processor time the process spent meanwhile: on a busy machine a fairer cost measure.</param>
public sealed record ClusterRun(IReadOnlyList<ClusterFileLine> Lines, IReadOnlyList<string> Topics, TimeSpan Elapsed, TimeSpan ProcessorTime)
{
    public double ArticlesPerSecond => Lines.Count / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double ArticlesPerProcessorSecond => Lines.Count / Math.Max(ProcessorTime.TotalSeconds, 1e-9);
}

[JsonSerializable(typeof(ClusterFileLine))]
[JsonSourceGenerationOptions(AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip)]
internal sealed partial class ClusterFileJsonContext : JsonSerializerContext;

/// <summary>Reads JSON Lines articles and runs them through an engine in publication order.</summary>
public static class ClusterFile
{
    /// <summary>Reads the file for a verb; on a bad file writes the reason to <paramref name="error"/> and returns null.</summary>
    public static async Task<List<ClusterFileLine>?> TryReadAsync(string path, bool requireStory, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(path, requireStory, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(ex.Message);
            return null;
        }
    }

    /// <summary>
    /// As <see cref="TryReadAsync"/> for `cluster` and `eval`, which time the engine: meanwhile a throwaway engine warms
    /// the engine's code on another core (<see cref="EngineWarmUp"/>), so the clustering thread starts on compiled code.
    /// </summary>
    public static async Task<List<ClusterFileLine>?> TryReadWhileWarmingAsync(string path, bool requireStory, StoryClustererOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        var warmUp = Task.Run(() => EngineWarmUp.Run(options), cancellationToken);
        var lines = await TryReadAsync(path, requireStory, error, cancellationToken);
        if (lines is not null && File.Exists(Ingestion.SourceSeeder.DefaultPath))
        {
            MarkCommunities(lines, Ingestion.SourceSeeder.Read(await File.ReadAllLinesAsync(Ingestion.SourceSeeder.DefaultPath, cancellationToken)));
        }

        await warmUp;
        return lines;
    }

    /// <summary>Reads every line; a malformed line or one without id or title fails with its line number.</summary>
    public static async Task<List<ClusterFileLine>> ReadAsync(string path, bool requireStory, CancellationToken cancellationToken)
    {
        var lines = new List<ClusterFileLine>();
        var number = 0;
        await foreach (var raw in File.ReadLinesAsync(path, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            ClusterFileLine? line;
            try
            {
                line = JsonSerializer.Deserialize(raw, ClusterFileJsonContext.Default.ClusterFileLine);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{path}:{number}: not a JSON object of an article ({ex.Message})", ex);
            }

            if (line is null || string.IsNullOrWhiteSpace(line.Id) || line.Title is null)
            {
                throw new FormatException($"{path}:{number}: an article needs \"id\" and \"title\"");
            }

            if (requireStory && string.IsNullOrWhiteSpace(line.Story))
            {
                throw new FormatException($"{path}:{number}: a gold line needs \"story\"");
            }

            lines.Add(line);
        }

        return lines;
    }

    /// <summary>
    /// Feeds the lines in publication order (a stable sort; a line without a time keeps its place after the line
    /// before it) and returns each line's topic in file order, with the engine's merges followed to the survivor and its splits
    /// applied to the articles that left.
    /// </summary>
    public static ClusterRun Run(IStoryClusterer engine, IReadOnlyList<ClusterFileLine> lines, int settleBatch)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(lines);
        var keys = new long[lines.Count];
        var last = long.MinValue;
        for (var i = 0; i < lines.Count; i++)
        {
            last = lines[i].Published?.UtcTicks ?? last;
            keys[i] = last;
        }

        var order = Enumerable.Range(0, lines.Count).OrderBy(i => keys[i]).ToArray();
        var inputs = order.Select(i => ToInput(lines[i])).ToArray();
        var assigned = new string[lines.Count];
        var redirects = new Dictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, int>? positions = null;

        using var process = Process.GetCurrentProcess();
        var processorStart = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        using var ahead = engine is StoryClusterer clusterer ? new ReadAhead(clusterer, inputs) : null;
        for (var k = 0; k < inputs.Length; k++)
        {
            assigned[order[k]] = (ahead is not null ? ahead.Add(k) : engine.Add(inputs[k])).TopicId;
            if ((k + 1) % settleBatch == 0 || k == inputs.Length - 1)
            {
                var settled = engine.Settle();
                for (var j = 0; j < settled.Count; j++)
                {
                    assigned[order[k + 1 - settled.Count + j]] = settled[j].TopicId;
                }
            }

            foreach (var merge in engine.TakeMerges())
            {
                redirects[merge.FromTopicId] = merge.IntoTopicId;
            }

            foreach (var split in engine.TakeSplits())
            {
                positions ??= IndexById(inputs);
                foreach (var id in split.ArticleIds)
                {
                    if (positions.TryGetValue(id, out var position))
                    {
                        assigned[order[position]] = split.NewTopicId;
                    }
                }
            }

            engine.TakeClosed();
        }

        stopwatch.Stop();
        process.Refresh();
        var processorTime = process.TotalProcessorTime - processorStart;
        var topics = assigned.Select(t => Resolve(redirects, t)).ToArray();
        return new ClusterRun(lines, topics, stopwatch.Elapsed, processorTime);
    }

    // Reads articles into terms on a second thread while the engine clusters the ones before: reading is a third of
    // the work and depends on nothing the engine learns, so the two cores share it. The result is the same.
    private sealed class ReadAhead : IDisposable
    {
        private readonly StoryClusterer _engine;
        private readonly ArticleTerms?[] _read;
        private readonly Thread _thread;
        private volatile bool _stop;
        private int _ready;
        private Exception? _failure;

        public ReadAhead(StoryClusterer engine, ClusterInput[] inputs)
        {
            _engine = engine;
            _read = new ArticleTerms?[inputs.Length];
            var reader = engine.CreateReader();
            _thread = new Thread(() =>
            {
                try
                {
                    for (var k = 0; k < inputs.Length && !_stop; k++)
                    {
                        _read[k] = reader.Read(inputs[k]);
                        Volatile.Write(ref _ready, k + 1);
                    }
                }
                catch (Exception e)
                {
                    _failure = e;
                    Volatile.Write(ref _ready, int.MaxValue);
                }
            })
            { IsBackground = true, Name = "cluster read-ahead" };
            _thread.Start();
        }

        public ClusterAssignment Add(int k)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _ready) <= k)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            if (_failure is not null)
            {
                throw new InvalidOperationException("Reading an article failed.", _failure);
            }

            var terms = _read[k]!;
            _read[k] = null;
            return _engine.Add(terms);
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }

    // Where each article id sits in the stream (the first line with that id).
    private static Dictionary<string, int> IndexById(ClusterInput[] inputs)
    {
        var positions = new Dictionary<string, int>(inputs.Length, StringComparer.Ordinal);
        for (var k = 0; k < inputs.Length; k++)
        {
            positions.TryAdd(inputs[k].Id, k);
        }

        return positions;
    }

    public static ClusterInput ToInput(ClusterFileLine line) =>
        new(line.Id!, line.Title!, line.Text, line.Url, line.Source, line.Published, line.Community ?? false);

    /// <summary>
    /// Marks the lines whose source the registry (seeds/sources.tsv, the same the site seeds its sources from) lists as
    /// a community, unless a line says for itself, so a file is clustered as the site clusters the same articles.
    /// </summary>
    public static void MarkCommunities(IReadOnlyList<ClusterFileLine> lines, IEnumerable<Source> registry)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(registry);
        var communities = registry.Where(s => s.Kind == SourceKind.Community).Select(s => s.Slug).ToHashSet(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            line.Community ??= line.Source is { } source && communities.Contains(source);
        }
    }

    /// <summary>The topic a chain of merges ends in; a cycle stops after as many hops as there are redirects.</summary>
    internal static string Resolve(Dictionary<string, string> redirects, string topic)
    {
        var hops = 0;
        while (redirects.TryGetValue(topic, out var into) && hops++ < redirects.Count)
        {
            topic = into;
        }

        return topic;
    }
}
