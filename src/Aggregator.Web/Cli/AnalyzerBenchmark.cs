using System.Diagnostics;
using System.Globalization;
using Aggregator.Web.Cli;
using Aggregator.Web.Clustering.Engine.Text;
using Aggregator.Web.Clustering.Engine;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Cli;

/// <summary>
/// `bench analyzer [--input A.jsonl]... [--count N] [--passes P]`: only the per-article text analysis (title, the
/// start of the text and the URL slug, as the engine reads them) over JSON Lines files and N synthetic articles, to
/// show what share of the engine's per-article cost it takes. Each pass uses a fresh analyzer (an empty stem cache,
/// as a fresh engine has); the first pass of the first set also pays for JIT compilation, as a `cluster` run does.
/// On a busy machine the rate per processor-second is the fairer figure. The checksum over every term lets a change to the analyzer prove that its output stayed the same.
/// </summary>
internal sealed class AnalyzerBenchmark : IBenchmark
{
    public string Name => "analyzer";
    public string Usage => "analyzer [--input A.jsonl]... [--count N] [--passes P]   articles/s of the text analysis alone (default 200,000 synthetic, 5 passes)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var count = 200_000;
        var passes = 5;
        if (!CliArguments.TryNumber(args, "--count", ref count, min: 0) || !CliArguments.TryNumber(args, "--passes", ref passes, min: 1))
        {
            await error.WriteLineAsync("Usage: bench analyzer [--input A.jsonl]... [--count N] [--passes P]   (N, P whole numbers, P at least 1)");
            return 2;
        }

        var sets = new List<(string Name, Field[] Fields)>();
        foreach (var input in CliArguments.Values(args, "--input"))
        {
            var lines = await ClusterFile.TryReadAsync(input, requireStory: false, error, cancellationToken);
            if (lines is null)
            {
                return 1;
            }

            sets.Add((Path.GetFileName(input), lines.Select(l => Prepare(l.Title!, l.Text, l.Url)).ToArray()));
        }

        if (count > 0)
        {
            var stream = new SyntheticNewsStream(seed: 42);
            var fields = new Field[count];
            for (var i = 0; i < count; i++)
            {
                var article = stream.Next();
                fields[i] = Prepare(article.Title, article.Text, article.Url);
            }

            sets.Add(($"synthetic {count}", fields));
        }

        await output.WriteLineAsync("set                      articles  pass 1 art/s  best art/s  best art/CPU-s  µs/article  terms/article  checksum");
        using var process = Process.GetCurrentProcess();
        foreach (var (name, fields) in sets)
        {
            var first = 0.0;
            var best = 0.0;
            var bestPerProcessorSecond = 0.0;
            var terms = 0L;
            var checksum = 0UL;
            for (var pass = 1; pass <= passes; pass++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                process.Refresh();
                var processorStart = process.TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                (terms, checksum) = AnalyzeAll(fields);
                var rate = fields.Length / Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
                process.Refresh();
                var processorSeconds = (process.TotalProcessorTime - processorStart).TotalSeconds;
                bestPerProcessorSecond = Math.Max(bestPerProcessorSecond, fields.Length / Math.Max(processorSeconds, 1e-3));
                first = pass == 1 ? rate : first;
                best = Math.Max(best, rate);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name,-22}  {fields.Length,9}  {first,12:0}  {best,10:0}  {bestPerProcessorSecond,14:0}  {1e6 / best,10:0.00}  {terms / (double)Math.Max(fields.Length, 1),13:0.0}  {checksum:x16}"));
        }

        return 0;
    }

    // The fields exactly as the engine hands them to the analyzer; cutting the text is the engine's cost, not ours.
    private static Field Prepare(string title, string? text, string? url) => new(title, ArticleReader.Lead(text), url);

    private static (long Terms, ulong Checksum) AnalyzeAll(Field[] fields)
    {
        var analyzer = new TextAnalyzer();
        var terms = new List<Term>();
        var count = 0L;
        var hash = 14695981039346656037UL;
        foreach (var field in fields)
        {
            terms.Clear();
            analyzer.Analyze(field.Title, isTitle: true, terms);
            analyzer.Analyze(field.Text, isTitle: false, terms);
            if (field.Url is not null)
            {
                analyzer.Analyze(UrlSlug.Words(field.Url), isTitle: false, terms);
            }

            count += terms.Count;
            foreach (var term in terms)
            {
                foreach (var c in term.Text)
                {
                    hash = (hash ^ c) * 1099511628211UL;
                }

                hash = (hash ^ (ulong)term.Kind ^ (term.InTitle ? 0x100UL : 0UL)) * 1099511628211UL;
            }

            hash = (hash ^ 0xFFFF) * 1099511628211UL;
        }

        return (count, hash);
    }

    private sealed record Field(string Title, string? Text, string? Url);
}
