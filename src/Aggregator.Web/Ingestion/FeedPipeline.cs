using System.Diagnostics;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>A parsed and normalised body, ready to store; preparing needs no database, so it can run in parallel.</summary>
public sealed class PreparedFeed
{
    public ParsedFeed? Feed { get; init; }
    public IReadOnlyList<NormalizedArticle> Articles { get; init; } = [];
    public string? Error { get; init; }

    /// <summary>Stopwatch ticks spent parsing and normalising, for the ingest benchmark.</summary>
    public long ParseTicks { get; init; }
    public long NormalizeTicks { get; init; }
}

/// <summary>
/// Parse + normalise + store for one feed body. Dedupes against what the source already has by guid, then
/// canonical URL, then content hash, so a re-fetch never duplicates and changed items are updated in place.
/// One short write transaction (one SaveChanges) per body.
/// </summary>
public sealed partial class FeedPipeline(
    AppDbContext db,
    FeedParser parser,
    ArticleNormalizer normalizer,
    TimeProvider time,
    IOptions<FeedProcessingOptions> options,
    ILogger<FeedPipeline> logger) : IFeedPipeline
{
    private const int IntervalWindow = 20;

    public async Task<FeedProcessResult> ProcessAsync(Source source, Stream body, string? contentType, Uri? baseUri, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await ReadAllAsync(body, options.Value.MaxDecompressedBytes, cancellationToken);
        }
        catch (FeedParseException ex)
        {
            return FeedProcessResult.Failed(ex.Message);
        }

        var prepared = Prepare(bytes, contentType, baseUri ?? FeedBase(source));
        return await StoreAsync(source, prepared, cancellationToken);
    }

    /// <summary>Parses and normalises; never throws for a bad body (the error is in the result). Thread-safe.</summary>
    public PreparedFeed Prepare(byte[] body, string? contentType, Uri? baseUri)
    {
        var started = Stopwatch.GetTimestamp();
        ParsedFeed feed;
        try
        {
            feed = parser.Parse(body, contentType, baseUri);
        }
        catch (FeedParseException ex)
        {
            return new PreparedFeed { Error = ex.Message };
        }

        var parsed = Stopwatch.GetTimestamp();
        var fetchedAt = time.GetUtcNow();
        var articles = new List<NormalizedArticle>(feed.Items.Count);
        foreach (var item in feed.Items)
        {
            try
            {
                articles.Add(normalizer.Normalize(item, feed, baseUri, fetchedAt));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One item the normaliser chokes on must not cost the rest of the feed.
                LogItemSkipped(logger, item.Link ?? item.Id, ex);
            }
        }

        if (feed.Items.Count == 0 && feed.SkippedItems == 0)
        {
            LogEmptyFeed(logger, feed.Title);
        }

        return new PreparedFeed { Feed = feed, Articles = articles, ParseTicks = parsed - started, NormalizeTicks = Stopwatch.GetTimestamp() - parsed };
    }

    public async Task<FeedProcessResult> StoreAsync(Source source, PreparedFeed prepared, CancellationToken cancellationToken)
    {
        if (prepared.Error is not null || prepared.Feed is null)
        {
            return FeedProcessResult.Failed(prepared.Error ?? "The feed could not be read.");
        }

        var now = time.GetUtcNow();
        var entry = db.Entry(source);
        if (entry.State == EntityState.Detached)
        {
            db.Sources.Attach(source);
        }

        var incoming = prepared.Articles;
        var existing = source.Id == 0 ? [] : await LoadCandidatesAsync(source.Id, incoming, cancellationToken);
        var byGuid = new Dictionary<string, Article>(StringComparer.Ordinal);
        var byUrl = new Dictionary<string, Article>(StringComparer.Ordinal);
        var byHash = new Dictionary<string, Article>(StringComparer.Ordinal);
        foreach (var article in existing)
        {
            Index(article, byGuid, byUrl, byHash, hasOwnUrl: true);
        }

        var touched = new HashSet<Article>(ReferenceEqualityComparer.Instance);
        var added = new List<Article>();
        int updated = 0, unchanged = 0;
        foreach (var item in incoming)
        {
            var match = byGuid.GetValueOrDefault(item.Guid)
                ?? (item.HasOwnUrl ? byUrl.GetValueOrDefault(item.Url) : null)
                ?? byHash.GetValueOrDefault(item.ContentHash);
            if (match is null)
            {
                var article = new Article
                {
                    SourceId = source.Id,
                    Source = source.Id == 0 ? source : null,
                    Guid = item.Guid,
                    Url = item.Url,
                    Title = item.Title,
                    Author = item.Author,
                    PublishedAt = item.PublishedAt,
                    FetchedAt = now,
                    UpdatedAt = now,
                    SummaryHtml = item.SummaryHtml,
                    Text = item.Text,
                    ImageUrl = item.ImageUrl,
                    Language = item.Language,
                    ContentHash = item.ContentHash,
                };
                added.Add(article);
                touched.Add(article);
                Index(article, byGuid, byUrl, byHash, item.HasOwnUrl);
            }
            else if (!touched.Add(match))
            {
                // The feed lists the same item twice; the first listing won.
                unchanged++;
            }
            else if (Apply(match, item, now))
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        LearnInterval(source, incoming);
        db.Articles.AddRange(added);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            LogStoreFailed(logger, source.Id, ex);
            Detach(touched);
            return FeedProcessResult.Failed($"Storing the feed's items failed: {ex.InnerException?.Message ?? ex.Message}");
        }

        // A long import runs many bodies through one context; tracked articles would only slow it down.
        Detach(touched);
        return new FeedProcessResult(incoming.Count, added.Count, updated, unchanged, null, prepared.Feed.TtlMinutes);
    }

    private async Task<List<Article>> LoadCandidatesAsync(int sourceId, IReadOnlyList<NormalizedArticle> incoming, CancellationToken cancellationToken)
    {
        if (incoming.Count == 0)
        {
            return [];
        }

        var guids = incoming.Select(i => i.Guid).Distinct().ToList();
        var urls = incoming.Where(i => i.HasOwnUrl).Select(i => i.Url).Distinct().ToList();
        var hashes = incoming.Select(i => i.ContentHash).Distinct().ToList();
        return await db.Articles
            .Where(a => a.SourceId == sourceId && (guids.Contains(a.Guid) || urls.Contains(a.Url) || hashes.Contains(a.ContentHash)))
            .ToListAsync(cancellationToken);
    }

    private static void Index(Article article, Dictionary<string, Article> byGuid, Dictionary<string, Article> byUrl, Dictionary<string, Article> byHash, bool hasOwnUrl)
    {
        byGuid.TryAdd(article.Guid, article);
        if (hasOwnUrl && article.Url.Length > 0)
        {
            byUrl.TryAdd(article.Url, article);
        }

        byHash.TryAdd(article.ContentHash, article);
    }

    /// <summary>Copies what changed onto the stored article; true when anything did.</summary>
    private static bool Apply(Article article, NormalizedArticle item, DateTimeOffset now)
    {
        var changed = false;
        changed |= Set(article.Title, item.Title, v => article.Title = v);
        changed |= Set(article.Author, item.Author, v => article.Author = v);
        changed |= Set(article.SummaryHtml, item.SummaryHtml, v => article.SummaryHtml = v);
        changed |= Set(article.Text, item.Text, v => article.Text = v);
        changed |= Set(article.ImageUrl, item.ImageUrl, v => article.ImageUrl = v);
        changed |= Set(article.Language, item.Language, v => article.Language = v);
        changed |= Set(article.ContentHash, item.ContentHash, v => article.ContentHash = v);
        if (item.HasOwnUrl)
        {
            changed |= Set(article.Url, item.Url, v => article.Url = v);
        }

        // A dateless item keeps the time it was first seen, so it does not jump to the top on every fetch.
        if (item.HasDate && article.PublishedAt != item.PublishedAt)
        {
            article.PublishedAt = item.PublishedAt;
            changed = true;
        }

        if (changed)
        {
            article.UpdatedAt = now;
        }

        return changed;
    }

    private static bool Set(string? current, string? value, Action<string> assign)
    {
        if (string.Equals(current, value, StringComparison.Ordinal) || value is null)
        {
            return false;
        }

        assign(value);
        return true;
    }

    /// <summary>Mean gap between the newest dated items: how often the source publishes.</summary>
    private static void LearnInterval(Source source, IReadOnlyList<NormalizedArticle> items)
    {
        var dates = items.Where(i => i.HasDate).Select(i => i.PublishedAt).Distinct().OrderDescending().Take(IntervalWindow).ToList();
        if (dates.Count < 2)
        {
            return;
        }

        var minutes = (dates[0] - dates[^1]).TotalMinutes / (dates.Count - 1);
        source.PublishIntervalMinutes = Math.Round(Math.Clamp(minutes, 1, 60 * 24 * 30), 1);
    }

    private void Detach(IEnumerable<Article> articles)
    {
        foreach (var article in articles)
        {
            db.Entry(article).State = EntityState.Detached;
        }
    }

    private static Uri? FeedBase(Source source) =>
        Uri.TryCreate(source.FeedUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    private static async Task<byte[]> ReadAllAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new FeedParseException($"The feed is larger than the {maxBytes / (1024 * 1024)} MB limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an item the normaliser could not handle: {Item}")]
    private static partial void LogItemSkipped(ILogger logger, string? item, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed {FeedTitle} has no items")]
    private static partial void LogEmptyFeed(ILogger logger, string? feedTitle);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing items of source {SourceId} failed")]
    private static partial void LogStoreFailed(ILogger logger, int sourceId, Exception exception);
}
