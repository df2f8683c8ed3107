using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Adds the curated sources of seeds/sources.tsv that are missing (by slug or feed URL). Existing rows are never
/// touched, so an editor's changes survive every restart, and a source an editor deleted is only re-added on purpose.
/// </summary>
public sealed partial class SourceSeeder(TimeProvider time, ILogger<SourceSeeder> logger) : IStartupSeeder
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "seeds", "sources.tsv");

    public int Order => 10;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!File.Exists(DefaultPath))
        {
            LogSeedFileMissing(logger, DefaultPath);
            return;
        }

        var seeds = Read(await File.ReadAllLinesAsync(DefaultPath, cancellationToken));
        var slugs = await db.Sources.Select(s => s.Slug).ToListAsync(cancellationToken);
        var feedUrls = await db.Sources.Select(s => s.FeedUrl).ToListAsync(cancellationToken);
        var knownSlugs = slugs.ToHashSet(StringComparer.Ordinal);
        var knownFeeds = feedUrls.ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var source in seeds)
        {
            if (knownSlugs.Contains(source.Slug) || knownFeeds.Contains(source.FeedUrl))
            {
                continue;
            }

            source.CreatedAt = now;
            db.Sources.Add(source);
            knownSlugs.Add(source.Slug);
            knownFeeds.Add(source.FeedUrl);
            added++;
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            LogSeeded(logger, added);
        }
    }

    /// <summary>Reads the TSV: '#' lines are comments, the first other line is the header.</summary>
    public static List<Source> Read(IEnumerable<string> lines)
    {
        var result = new List<Source>();
        string[]? header = null;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            if (header is null)
            {
                header = cells;
                continue;
            }

            string? Cell(string name)
            {
                var index = Array.IndexOf(header, name);
                return index >= 0 && index < cells.Length && !string.IsNullOrWhiteSpace(cells[index]) ? cells[index].Trim() : null;
            }

            result.Add(new Source
            {
                Slug = Cell("slug") ?? throw new FormatException($"A seed source has no slug: {line}"),
                Name = Cell("name") ?? throw new FormatException($"A seed source has no name: {line}"),
                FeedUrl = Cell("feed_url") ?? throw new FormatException($"A seed source has no feed URL: {line}"),
                SiteUrl = Cell("site_url"),
                Kind = Enum.Parse<SourceKind>(Cell("kind") ?? nameof(SourceKind.Reporting), ignoreCase: true),
                Tier = int.TryParse(Cell("tier"), out var tier) ? Math.Clamp(tier, 1, 3) : 2,
                Owner = Cell("owner"),
                Category = Cell("category"),
            });
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} sources")]
    private static partial void LogSeeded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No source seed file at {Path}")]
    private static partial void LogSeedFileMissing(ILogger logger, string path);
}
