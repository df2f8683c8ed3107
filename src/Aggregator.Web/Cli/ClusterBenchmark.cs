using System.Diagnostics;
using System.Globalization;
using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Cli;

/// <summary>
/// `bench cluster [--count N]`: streams N synthetic articles (default 1,000,000) through the engine and reports
/// throughput and memory at checkpoints, to show that cost per article and memory do not grow with the stream.
/// </summary>
internal sealed class ClusterBenchmark(IOptions<StoryClustererOptions> options, IOptions<ClusteringOptions> clustering) : IBenchmark
{
    public string Name => "cluster";
    public string Usage => "cluster [--count N]     stream N synthetic articles (default 1,000,000) through the clustering engine";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var count = 1_000_000;
        if (!CliArguments.TryNumber(args, "--count", ref count, min: 1))
        {
            await error.WriteLineAsync("Usage: bench cluster [--count N]   (N a positive whole number)");
            return 2;
        }

        var engine = new StoryClusterer(options.Value);
        var stream = new SyntheticNewsStream(seed: 42);
        var checkpoint = Math.Max(count / 10, 1);
        var topics = 0L;
        var stopwatch = Stopwatch.StartNew();
        var lap = Stopwatch.StartNew();
        await output.WriteLineAsync("articles   open topics  topics made  articles/s  managed heap MB");
        for (var i = 1; i <= count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            engine.Add(stream.Next());
            if (i % clustering.Value.BatchSize == 0 || i == count)
            {
                foreach (var assignment in engine.Settle())
                {
                    topics += assignment.IsNewTopic ? 1 : 0;
                }
            }

            engine.TakeMerges();
            engine.TakeSplits();
            engine.TakeClosed();
            if (i % checkpoint == 0 || i == count)
            {
                var rate = (i % checkpoint == 0 ? checkpoint : i % checkpoint) / lap.Elapsed.TotalSeconds;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{i,9}  {engine.OpenTopicCount,11}  {topics,11}  {rate,10:0}  {GC.GetTotalMemory(false) / 1048576.0,15:0.0}"));
                lap.Restart();
            }
        }

        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            articles          {count}
            elapsed           {stopwatch.Elapsed.TotalSeconds:0.0} s
            throughput        {count / stopwatch.Elapsed.TotalSeconds:0} articles/s
            topics made       {topics}
            open at end       {engine.OpenTopicCount}
            managed heap      {GC.GetTotalMemory(true) / 1048576.0:0.0} MB after a full collection
            peak working set  {process.PeakWorkingSet64 / 1048576.0:0.0} MB
            """));
        return 0;
    }
}

/// <summary>
/// A reproducible stream of news-like articles: stories with their own names and vocabulary, told in varied words
/// by several outlets over hours to days, mixed with one-off items; the clock advances about 30 s per article.
/// </summary>
internal sealed class SyntheticNewsStream
{
    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ra", "ten", "vo", "shi", "dar", "pel", "qua", "no", "bri", "sto", "fen", "gal", "hu", "jin",
        "ter", "ul", "wex", "zor", "ath", "ben", "cor", "del", "eri", "fo", "gri", "ham", "ix",
    ];

    private readonly Random _random;
    private readonly string[] _words;
    private readonly string[] _names;
    private readonly List<Story> _live = [];
    private DateTimeOffset _clock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _article;
    private long _story;

    /// <summary>The story of the article <see cref="Next"/> returned last; a one-off item is a story of its own.</summary>
    public string LastStory { get; private set; } = "";

    public SyntheticNewsStream(int seed)
    {
        _random = new Random(seed);
        _words = Enumerable.Range(0, 40_000).Select(_ => Word(2, 4)).ToArray();
        _names = Enumerable.Range(0, 20_000).Select(_ => Capitalise(Word(2, 3))).ToArray();
    }

    public ClusterInput Next()
    {
        _clock = _clock.AddSeconds(_random.Next(5, 55));
        _live.RemoveAll(s => s.Ends < _clock);
        while (_live.Count < 300)
        {
            _live.Add(NewStory());
        }

        var id = (_article++).ToString(CultureInfo.InvariantCulture);
        if (_random.NextDouble() < 0.15)
        {
            // A one-off item that belongs to no story.
            LastStory = "one-off " + id;
            return new ClusterInput(id, Sentence(null, 8), Sentence(null, 30), null, "outlet" + _random.Next(200), _clock);
        }

        // Popular stories get more coverage (a few big ones, a long tail of small ones).
        var story = _live[(int)(_live.Count * Math.Pow(_random.NextDouble(), 2))];
        LastStory = story.Number.ToString(CultureInfo.InvariantCulture);
        return new ClusterInput(id, Sentence(story, 9), Sentence(story, 35), null, "outlet" + _random.Next(200), _clock);
    }

    private Story NewStory()
    {
        var names = Enumerable.Range(0, 3).Select(_ => _names[Zipf(_names.Length)]).ToArray();
        var words = Enumerable.Range(0, 12).Select(_ => _words[Zipf(_words.Length)]).ToArray();
        var lifetime = TimeSpan.FromHours(2 + (_random.NextDouble() * _random.NextDouble() * 120));
        return new Story(_story++, names, words, _clock + lifetime);
    }

    private string Sentence(Story? story, int length)
    {
        var parts = new List<string>(length);
        for (var i = 0; i < length; i++)
        {
            var roll = _random.NextDouble();
            parts.Add(story is null || roll < 0.4
                ? _words[Zipf(_words.Length)]
                : roll < 0.6 ? story.Names[_random.Next(story.Names.Length)] : story.Words[_random.Next(story.Words.Length)]);
        }

        return string.Join(' ', parts);
    }

    // Word ranks follow a rough Zipf law, as in real text: a few common words, a long tail of rare ones.
    private int Zipf(int size) => (int)Math.Min(size - 1, Math.Exp(_random.NextDouble() * Math.Log(size)) - 1);

    private string Word(int min, int max) =>
        string.Concat(Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Syllables[_random.Next(Syllables.Length)]));

    private static string Capitalise(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private sealed record Story(long Number, string[] Names, string[] Words, DateTimeOffset Ends);
}
