namespace Aggregator.Web.Ingestion;

/// <summary>The per-refresh log lines, with stable property names operators can filter on.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {SourceId} {FeedUrl} {Status}: not modified")]
    public static partial void NotModified(ILogger logger, int sourceId, string feedUrl, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {SourceId} {FeedUrl} {Status}: {Items} items, {Added} new, {Updated} updated")]
    public static partial void Fetched(ILogger logger, int sourceId, string feedUrl, int status, int items, int added, int updated);

    /// <summary>A failed fetch; with no HTTP answer at all (offline, DNS, timeout) the status reads "no response".</summary>
    public static void Failed(ILogger logger, int sourceId, string feedUrl, int? status, int failures, DateTimeOffset? nextCheckAt, string error) =>
        FailedWithStatus(logger, sourceId, feedUrl, status is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response",
            failures, nextCheckAt, error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {SourceId} {FeedUrl} {Status} failed ({Failures} in a row, next check {NextCheckAt}): {Error}")]
    private static partial void FailedWithStatus(ILogger logger, int sourceId, string feedUrl, string status, int failures, DateTimeOffset? nextCheckAt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feed {SourceId} {FeedUrl} {Status}: the pipeline failed")]
    public static partial void PipelineFailed(ILogger logger, Exception exception, int sourceId, string feedUrl, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {SourceId} {FeedUrl} moved permanently to {NewUrl}")]
    public static partial void Moved(ILogger logger, int sourceId, string feedUrl, string newUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {SourceId} {FeedUrl} moved permanently to {NewUrl}, which another source already uses; keeping the old address")]
    public static partial void MoveConflict(ILogger logger, int sourceId, string feedUrl, string newUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} due feeds")]
    public static partial void Queued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing feed {SourceId} failed unexpectedly")]
    public static partial void RefreshCrashed(ILogger logger, Exception exception, int sourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving back {Count} claimed sources failed; their leases run out by themselves")]
    public static partial void LeaseReleaseFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduling pass failed; retrying at the next interval")]
    public static partial void SchedulingFailed(ILogger logger, Exception exception);
}
