using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>How one refresh of a source ended, for logs, the CLI and tests.</summary>
public sealed record RefreshOutcome(int SourceId, bool Succeeded, int? HttpStatus, FeedProcessResult? Processed, string? Error);

/// <summary>
/// Refreshes one source: conditional fetch, hand the body to the pipeline, record the outcome and the next check on the
/// source. One instance per DI scope (one job).
/// </summary>
public sealed class FeedRefresher(
    AppDbContext db,
    FeedFetcher fetcher,
    IFeedPipeline pipeline,
    IOptions<IngestionOptions> options,
    AggregatorMetrics metrics,
    TimeProvider time,
    ILogger<FeedRefresher> logger)
{
    /// <summary>Returns null when the source no longer exists. Cancellation (shutdown) leaves the source untouched.</summary>
    public async Task<RefreshOutcome?> RefreshAsync(int sourceId, CancellationToken cancellationToken)
    {
        var source = await db.Sources.SingleOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return null;
        }

        var policy = options.Value.PollingPolicy;
        if (!Uri.TryCreate(source.FeedUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            metrics.RecordFetch("invalid_url");
            return await FailAsync(source, null, $"The feed URL \"{source.FeedUrl}\" is not an absolute http or https address.", null, cancellationToken);
        }

        using var fetched = await fetcher.FetchAsync(url, source.ETag, source.LastModified, cancellationToken);
        switch (fetched.Status)
        {
            case FetchStatus.NotModified:
                // The server may refresh its validators on a 304; keep the old ones otherwise.
                source.ETag = fetched.ETag ?? source.ETag;
                source.LastModified = fetched.LastModified ?? source.LastModified;
                await FollowPermanentRedirectAsync(source, fetched, cancellationToken);
                source.RecordSuccess(time.GetUtcNow(), 304, policy, fetched.MaxAge);
                await SaveAsync(source, cancellationToken);
                IngestionLog.NotModified(logger, source.Id, source.FeedUrl, 304);
                metrics.RecordFetch("not_modified");
                return new RefreshOutcome(source.Id, true, 304, null, null);

            case FetchStatus.Fetched:
                return await ProcessAsync(source, fetched, policy, cancellationToken);

            default:
                metrics.RecordFetch(fetched.FailureKind ?? "error");
                return await FailAsync(source, fetched.HttpStatus, fetched.Error ?? "The fetch failed.", fetched.RetryAt, cancellationToken);
        }
    }

    private async Task<RefreshOutcome> ProcessAsync(Source source, FeedFetchResult fetched, PollingPolicy policy, CancellationToken cancellationToken)
    {
        var status = fetched.HttpStatus ?? 200;
        FeedProcessResult result;
        try
        {
            result = await pipeline.ProcessAsync(source, fetched.Body!, fetched.ContentType, fetched.FinalUrl, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            IngestionLog.PipelineFailed(logger, ex, source.Id, source.FeedUrl, status);
            // Whatever the pipeline left half-done in this context is dropped; its own transaction rolled back.
            db.ChangeTracker.Clear();
            var fresh = await db.Sources.SingleAsync(s => s.Id == source.Id, cancellationToken);
            metrics.RecordFetch("store_error");
            return await FailAsync(fresh, status, $"The feed could not be stored: {ex.Message}", null, cancellationToken);
        }

        if (!result.Succeeded)
        {
            // Validators of a body that could not be used are not kept: the next fetch must get the body again.
            metrics.RecordFetch("parse_error");
            return await FailAsync(source, status, $"The feed could not be read: {result.Error}", null, cancellationToken);
        }

        source.ETag = fetched.ETag;
        source.LastModified = fetched.LastModified;
        await FollowPermanentRedirectAsync(source, fetched, cancellationToken);
        TimeSpan? requested = result.TtlMinutes is > 0 and var ttl ? TimeSpan.FromMinutes(ttl) : null;
        if (fetched.MaxAge is { } maxAge && (requested is null || maxAge > requested))
        {
            requested = maxAge;
        }

        source.RecordSuccess(time.GetUtcNow(), status, policy, requested);
        await SaveAsync(source, cancellationToken);
        metrics.RecordFetch("ok");
        metrics.RecordItemsIngested(result.Added);
        IngestionLog.Fetched(logger, source.Id, source.FeedUrl, status, result.Items, result.Added, result.Updated);
        return new RefreshOutcome(source.Id, true, status, result, null);
    }

    private async Task<RefreshOutcome> FailAsync(Source source, int? status, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        source.RecordFailure(time.GetUtcNow(), status, error, options.Value.PollingPolicy, retryAt);
        await SaveAsync(source, cancellationToken);
        IngestionLog.Failed(logger, source.Id, source.FeedUrl, status, source.ConsecutiveFailures, source.NextCheckAt, error);
        return new RefreshOutcome(source.Id, false, status, null, error);
    }

    /// <summary>A feed that moved for good (301/308) is fetched from its new address from now on, unless another source has it.</summary>
    private async Task FollowPermanentRedirectAsync(Source source, FeedFetchResult fetched, CancellationToken cancellationToken)
    {
        if (fetched.MovedTo is not { } moved || moved.AbsoluteUri == source.FeedUrl)
        {
            return;
        }

        var newUrl = moved.AbsoluteUri;
        if (await db.Sources.AnyAsync(s => s.FeedUrl == newUrl && s.Id != source.Id, cancellationToken))
        {
            IngestionLog.MoveConflict(logger, source.Id, source.FeedUrl, newUrl);
            return;
        }

        IngestionLog.Moved(logger, source.Id, source.FeedUrl, newUrl);
        source.FeedUrl = newUrl;
    }

    private async Task SaveAsync(Source source, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(source).Property(s => s.FeedUrl).IsModified)
        {
            // Another source took the new address meanwhile (unique index); keep the old one and save the rest.
            var entry = db.Entry(source).Property(s => s.FeedUrl);
            entry.CurrentValue = entry.OriginalValue;
            entry.IsModified = false;
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
