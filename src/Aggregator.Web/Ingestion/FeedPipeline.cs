using System.Data.Common;
using System.Diagnostics;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>A parsed and normalised body, ready to store; preparing needs no database, so it can run in parallel.</summary>
public sealed class PreparedFeed
{
    public ParsedFeed? Feed { get; init; }
    public IReadOnlyList<NormalizedArticle> Articles { get; init; } = [];
    public string? Error { get; init; }

    /// <summary>Items the source already has exactly as the feed now writes them: skipped before normalising.</summary>
    public int KnownItems { get; init; }

    /// <summary>The publication dates of the known items, so the publishing interval is still learned from every item.</summary>
    public IReadOnlyList<DateTimeOffset> KnownDates { get; init; } = [];

    /// <summary>Per item of <see cref="Feed"/>, its <see cref="ItemFingerprint"/>.</summary>
    internal IReadOnlyList<string> Fingerprints { get; init; } = [];

    /// <summary>Stopwatch ticks spent parsing and normalising, for the ingest benchmark.</summary>
    public long ParseTicks { get; init; }
    public long NormalizeTicks { get; init; }
}

/// <summary>
/// Parse + normalise + store for one feed body. Items the source already has exactly as written are skipped before
/// normalising; the rest are matched to stored articles by <see cref="ArticleMatcher"/>, so a re-fetch never
/// duplicates, changed items are updated in place and no story overwrites another.
/// One short write transaction per body, or one savepoint per body inside a batch of several.
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
    private const string BodySavepoint = "feed_body";

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

        var prepared = await PrepareAsync(source, bytes, contentType, baseUri ?? FeedBase(source), cancellationToken);
        return await StoreAsync(source, prepared, cancellationToken);
    }

    /// <summary>Parses and normalises; never throws for a bad body (the error is in the result). Thread-safe.</summary>
    public PreparedFeed Prepare(byte[] body, string? contentType, Uri? baseUri) => Normalize(Parse(body, contentType, baseUri), baseUri, null);

    /// <summary>
    /// Parses, then normalises only the items the source does not already have exactly as written: a re-fetch of an
    /// unchanged feed does no HTML work at all.
    /// </summary>
    public async Task<PreparedFeed> PrepareAsync(Source source, byte[] body, string? contentType, Uri? baseUri, CancellationToken cancellationToken)
    {
        var parsed = Parse(body, contentType, baseUri);
        if (parsed.Feed is null || source.Id == 0 || parsed.Fingerprints.Count == 0)
        {
            return Normalize(parsed, baseUri, null);
        }

        // Looked up through the (source, guid) index by the guid each item's id or link gives: items sharing a guid
        // or without either are simply normalised, and dedupe sorts them out.
        var guids = parsed.Feed.Items.Select(ArticleNormalizer.GuidBeforeText).OfType<string>().Distinct().ToList();
        var known = await db.Articles.AsNoTracking()
            .Where(a => a.SourceId == source.Id && guids.Contains(a.Guid) && a.FeedHash != null)
            .Select(a => a.FeedHash!)
            .ToListAsync(cancellationToken);
        return Normalize(parsed, baseUri, known.ToHashSet(StringComparer.Ordinal));
    }

    private PreparedFeed Parse(byte[] body, string? contentType, Uri? baseUri)
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

        var fingerprints = new string[feed.Items.Count];
        for (var i = 0; i < fingerprints.Length; i++)
        {
            fingerprints[i] = ItemFingerprint.Of(feed.Items[i], feed, baseUri);
        }

        return new PreparedFeed { Feed = feed, Fingerprints = fingerprints, ParseTicks = Stopwatch.GetTimestamp() - started };
    }

    private PreparedFeed Normalize(PreparedFeed parsed, Uri? baseUri, HashSet<string>? known)
    {
        if (parsed.Feed is not { } feed)
        {
            return parsed;
        }

        var started = Stopwatch.GetTimestamp();
        var fetchedAt = time.GetUtcNow();
        var articles = new List<NormalizedArticle>(feed.Items.Count);
        List<DateTimeOffset>? knownDates = null;
        var knownItems = 0;
        for (var i = 0; i < feed.Items.Count; i++)
        {
            var item = feed.Items[i];
            var fingerprint = parsed.Fingerprints[i];
            if (known is not null && known.Contains(fingerprint))
            {
                knownItems++;
                if (ArticleNormalizer.PublishedAt(item, fetchedAt) is { } date)
                {
                    (knownDates ??= []).Add(date);
                }

                continue;
            }

            try
            {
                articles.Add(normalizer.Normalize(item, feed, baseUri, fetchedAt) with { FeedHash = fingerprint });
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

        return new PreparedFeed
        {
            Feed = feed,
            Articles = articles,
            KnownItems = knownItems,
            KnownDates = knownDates ?? [],
            ParseTicks = parsed.ParseTicks,
            NormalizeTicks = Stopwatch.GetTimestamp() - started,
        };
    }

    /// <summary>Stores one prepared body in its own short transaction.</summary>
    public async Task<FeedProcessResult> StoreAsync(Source source, PreparedFeed prepared, CancellationToken cancellationToken)
    {
        await using var batch = await BeginBatchAsync(cancellationToken);
        var result = await batch.StoreAsync(source, prepared, cancellationToken);
        await batch.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Opens a write transaction for several bodies (the importer stores a source's successive fetches in one):
    /// each body gets a savepoint, so a failed body stores nothing while the others stand, and the search index
    /// takes the new articles once, at <see cref="StoreBatch.CommitAsync"/>. Disposing without committing rolls back.
    /// Inside a transaction the caller already opened, the batch neither commits nor defers indexing.
    /// </summary>
    public async Task<StoreBatch> BeginBatchAsync(CancellationToken cancellationToken)
    {
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var transaction = db.Database.CurrentTransaction!;
        var batch = new StoreBatch(this, owned, transaction);
        if (owned is not null && db.Database.IsSqlite())
        {
            await batch.DeferIndexingAsync(cancellationToken);
        }

        return batch;
    }

    /// <summary>One write transaction of the pipeline; see <see cref="BeginBatchAsync"/>.</summary>
    public sealed class StoreBatch : IAsyncDisposable
    {
        private readonly FeedPipeline _pipeline;
        private readonly IDbContextTransaction? _owned;
        private readonly IDbContextTransaction _transaction;
        private readonly IArticleWriter _writer;
        private readonly HashSet<Source> _sources = new(ReferenceEqualityComparer.Instance);
        private bool _deferring;

        internal StoreBatch(FeedPipeline pipeline, IDbContextTransaction? owned, IDbContextTransaction transaction)
        {
            _pipeline = pipeline;
            _owned = owned;
            _transaction = transaction;
            // Rows go in through prepared statements on the context's own connection and transaction: EF's per-row
            // change tracking and command building cost several times the database's work for a bulk of plain inserts.
            _writer = ArticleWriters.For(transaction.GetDbTransaction());
        }

        internal async Task DeferIndexingAsync(CancellationToken cancellationToken)
        {
            await ExecuteAsync(ArticleSearchIndex.DeferSql, cancellationToken);
            _deferring = true;
        }

        public async Task<FeedProcessResult> StoreAsync(Source source, PreparedFeed prepared, CancellationToken cancellationToken)
        {
            var result = await _pipeline.StoreBodyAsync(source, prepared, _transaction, _writer, cancellationToken);
            if (result.Succeeded)
            {
                _sources.Add(source);
            }

            return result;
        }

        /// <summary>Saves the sources' learned intervals, indexes the batch's new articles for search and commits.</summary>
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await _pipeline.SaveSourcesAsync(_sources, cancellationToken);
            if (_deferring)
            {
                await ExecuteAsync(ArticleSearchIndex.IndexPendingSql, cancellationToken);
                _deferring = false;
            }

            if (_owned is not null)
            {
                await _owned.CommitAsync(cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _writer.Dispose();
            if (_owned is not null)
            {
                await _owned.DisposeAsync();
            }
        }

        private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            var transaction = _transaction.GetDbTransaction();
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<FeedProcessResult> StoreBodyAsync(Source source, PreparedFeed prepared, IDbContextTransaction transaction, IArticleWriter writer,
        CancellationToken cancellationToken)
    {
        if (prepared.Error is not null || prepared.Feed is null)
        {
            return FeedProcessResult.Failed(prepared.Error ?? "The feed could not be read.");
        }

        var now = time.GetUtcNow();
        if (db.Entry(source).State == EntityState.Detached)
        {
            db.Sources.Attach(source);
        }

        if (source.Id == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        // Straight on the ADO.NET transaction: EF's savepoint calls add logging and diagnostics to every body.
        var savepoints = transaction.GetDbTransaction();
        await savepoints.SaveAsync(BodySavepoint, cancellationToken);
        try
        {
            var result = await StoreCoreAsync(source, prepared, now, writer, cancellationToken);
            await savepoints.ReleaseAsync(BodySavepoint, cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException)
        {
            await savepoints.RollbackAsync(BodySavepoint, CancellationToken.None);
            LogStoreFailed(logger, source.Id, ex);
            return FeedProcessResult.Failed($"Storing the feed's items failed: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    private static async Task<FeedProcessResult> StoreCoreAsync(Source source, PreparedFeed prepared, DateTimeOffset now, IArticleWriter writer, CancellationToken cancellationToken)
    {
        var incoming = prepared.Articles;
        var existing = incoming.Count == 0
            ? []
            : await writer.LoadKeysAsync(source.Id,
                [.. incoming.Select(i => i.Guid).Distinct()],
                [.. incoming.Where(i => i.HasOwnUrl).Select(i => i.Url).Distinct()],
                [.. incoming.Select(i => i.ContentHash).Distinct()],
                cancellationToken);
        if (incoming.Count > 0 && ArticleMatcher.DerivedKeysToLoad(incoming, existing) is { Count: > 0 } derived)
        {
            var loaded = existing.Select(k => k.Id).ToHashSet();
            existing.AddRange((await writer.LoadKeysAsync(source.Id, derived, [], [], cancellationToken)).Where(k => loaded.Add(k.Id)));
        }

        var fresh = new List<Article>();
        int added = 0, updated = 0, unchanged = prepared.KnownItems;
        foreach (var (item, key, match, repeat) in ArticleMatcher.Decide(incoming, existing))
        {
            if (repeat)
            {
                // The feed lists the same item twice; the first listing won.
                unchanged++;
            }
            else if (match is null)
            {
                fresh.Add(new Article
                {
                    SourceId = source.Id,
                    Guid = key,
                    Url = item.Url,
                    Title = item.Title,
                    Author = item.Author,
                    PublishedAt = item.PublishedAt,
                    IsUndated = !item.HasDate,
                    FetchedAt = now,
                    UpdatedAt = now,
                    SummaryHtml = item.SummaryHtml,
                    Text = item.Text,
                    ImageUrl = item.ImageUrl,
                    Language = item.Language,
                    ContentHash = item.ContentHash,
                    FeedHash = item.FeedHash,
                });
                added++;
            }
            else if (item.FeedHash is not null && match.FeedHash == item.FeedHash)
            {
                // Written exactly as when it was stored: normalising it gave the same article.
                unchanged++;
            }
            // A dateless item keeps the time it was first seen, so it does not jump to the top on every fetch; a date
            // given later replaces it and clears the undated flag.
            else if (await writer.UpdateIfChangedAsync(match.Id, item, item.HasDate && match.PublishedAt != item.PublishedAt ? item.PublishedAt : null, now, cancellationToken))
            {
                updated++;
            }
            else
            {
                unchanged++;
                await writer.SetFeedHashAsync(match.Id, item.FeedHash, cancellationToken);
            }
        }

        await writer.InsertAsync(fresh, cancellationToken);
        LearnInterval(source, [.. incoming.Where(i => i.HasDate).Select(i => i.PublishedAt), .. prepared.KnownDates]);
        return new FeedProcessResult(incoming.Count + prepared.KnownItems, added, updated, unchanged, null, prepared.Feed!.TtlMinutes);
    }

    /// <summary>
    /// Saves the learned publishing intervals together with whatever the caller changed on the sources (polling
    /// state) before storing, once per batch rather than once per body.
    /// </summary>
    private async Task SaveSourcesAsync(IEnumerable<Source> sources, CancellationToken cancellationToken)
    {
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var changed = false;
            foreach (var source in sources)
            {
                var entry = db.Entry(source);
                entry.DetectChanges();
                changed |= entry.State != EntityState.Unchanged;
            }

            if (changed)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Mean gap between the newest dated items: how often the source publishes.</summary>
    private static void LearnInterval(Source source, IReadOnlyList<DateTimeOffset> published)
    {
        var dates = published.Distinct().OrderDescending().Take(IntervalWindow).ToList();
        if (dates.Count < 2)
        {
            return;
        }

        var minutes = (dates[0] - dates[^1]).TotalMinutes / (dates.Count - 1);
        source.PublishIntervalMinutes = Math.Round(Math.Clamp(minutes, 1, 60 * 24 * 30), 1);
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
