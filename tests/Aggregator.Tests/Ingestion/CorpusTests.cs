using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Aggregator.Tests.Ingestion;

/// <summary>Every real-world and synthetic feed of the shared corpus goes through the parser.</summary>
public class CorpusTests(ITestOutputHelper output)
{
    private static readonly FeedParser Parser = new(Options.Create(new FeedProcessingOptions { MaxItemsPerFetch = 10_000 }));

    private static string Corpus => Path.Combine(Paths.Shared, "corpus", "feeds");

    private sealed record Entry(string File, string Format, int? Items, string Notes);

    private static List<Entry> Manifest(string name) =>
        File.ReadAllLines(Path.Combine(Corpus, name)).Skip(1)
            .Select(l => l.Split('\t'))
            .Select(c => new Entry(c[0], c[1], ExpectedItems(c[5], c.Length > 7 ? c[7] : ""), c.Length > 7 ? c[7] : ""))
            .ToList();

    /// <summary>The items column, unless the notes state the real count (e.g. nested empty items that naive parsers count).</summary>
    private static int? ExpectedItems(string items, string notes)
    {
        var marker = notes.IndexOf("real count ", StringComparison.Ordinal);
        if (marker >= 0 && int.TryParse(new string(notes[(marker + 11)..].TakeWhile(char.IsAsciiDigit).ToArray()), out var real))
        {
            return real;
        }

        return int.TryParse(items, out var n) ? n : null;
    }

    /// <summary>Notes that mark a file as not well-formed: such a file may parse leniently or fail with a clear message.</summary>
    private static bool IsIllFormed(Entry entry) =>
        entry.Notes.Contains("truncated", StringComparison.OrdinalIgnoreCase)
        || entry.Notes.Contains("invalid JSON", StringComparison.OrdinalIgnoreCase)
        || entry.Format.StartsWith("unknown", StringComparison.Ordinal)
        || entry.Format.Contains("invalid", StringComparison.Ordinal)
        || entry.Items is null;

    [Fact]
    public void EveryRealFeedParsesWithTheManifestItemCount()
    {
        var manifest = Manifest("MANIFEST.tsv");
        Assert.Equal(311, manifest.Count);
        var failures = Walk(Path.Combine(Corpus, "real"), manifest);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void EverySyntheticFeedParsesWithTheManifestItemCount()
    {
        var manifest = Manifest("SYNTHETIC_MANIFEST.tsv");
        var failures = Walk(Path.Combine(Corpus, "synthetic"), manifest);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private List<string> Walk(string folder, List<Entry> manifest)
    {
        var failures = new List<string>();
        var parsed = 0;
        var rejected = 0;
        foreach (var entry in manifest)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, entry.File));
            ParsedFeed? feed = null;
            try
            {
                feed = Parser.Parse(bytes, null, null);
                parsed++;
            }
            catch (FeedParseException ex)
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                output.WriteLine($"{entry.File}: rejected: {ex.Message}");
                if (!IsIllFormed(entry))
                {
                    failures.Add($"{entry.File} ({entry.Format}, {entry.Items} items) was rejected: {ex.Message}");
                }

                continue;
            }
            catch (Exception ex)
            {
                failures.Add($"{entry.File}: {ex.GetType().Name} escaped: {ex.Message}");
                continue;
            }

            if (!IsIllFormed(entry) && feed.Items.Count != entry.Items)
            {
                failures.Add($"{entry.File} ({entry.Format}): {feed.Items.Count} items, manifest says {entry.Items}. {entry.Notes}");
            }

            foreach (var item in feed.Items)
            {
                if (item.Link is { } link && link.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{entry.File}: an item link resolved to a local file: {link}");
                }
            }
        }

        output.WriteLine($"{parsed} parsed, {rejected} rejected with a message");
        return failures;
    }
}
