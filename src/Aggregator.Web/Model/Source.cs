namespace Aggregator.Web.Model;

/// <summary>What a source is, editorially: decides how its articles count toward a story's importance.</summary>
public enum SourceKind
{
    FirstParty = 0,
    Reporting = 1,
    Analysis = 2,
    Opinion = 3,
    Community = 4,
    Research = 5,
}

public class Source
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Short unique name used in URLs (/sources/{slug}) and to match import folders (e.g. "openai-news").</summary>
    public required string Slug { get; set; }
    public string? SiteUrl { get; set; }
    public required string FeedUrl { get; set; }
    public SourceKind Kind { get; set; } = SourceKind.Reporting;

    /// <summary>1 is the most authoritative, 3 the least.</summary>
    public int Tier { get; set; } = 2;

    /// <summary>Who stands behind the source (e.g. "Anthropic"); several feeds of one owner count once.</summary>
    public string? Owner { get; set; }

    public string? Category { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    // Polling state, as the fetcher last left it.
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public DateTimeOffset? NextCheckAt { get; set; }
    public DateTimeOffset? LastCheckedAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public string? LastError { get; set; }
    public int ConsecutiveFailures { get; set; }
    public int? LastHttpStatus { get; set; }

    /// <summary>Mean minutes between new items, learned from the feed; drives the adaptive schedule.</summary>
    public double? PublishIntervalMinutes { get; set; }

    public List<Article> Articles { get; set; } = [];

    /// <summary>The owner when known, else the name: the unit counted as "one source" for corroboration.</summary>
    public string OwnerKey => string.IsNullOrWhiteSpace(Owner) ? Name : Owner;

    /// <summary>A fetch that worked (including 304 Not Modified): clears the error state and schedules the next check.</summary>
    /// <param name="requestedDelay">What the feed or server asked for (RSS ttl, Cache-Control max-age), if anything.</param>
    public void RecordSuccess(DateTimeOffset now, int httpStatus, PollingPolicy policy, TimeSpan? requestedDelay = null)
    {
        LastCheckedAt = now;
        LastSuccessAt = now;
        LastHttpStatus = httpStatus;
        LastError = null;
        ConsecutiveFailures = 0;
        ScheduleNextCheck(now, policy, requestedDelay);
    }

    /// <summary>A fetch that failed: records why and backs off; a source is never given up on.</summary>
    /// <param name="httpStatus">The status when the server answered, null for network-level failures.</param>
    /// <param name="retryAt">When the server asked to be retried (429/503 Retry-After); overrides the backoff.</param>
    public void RecordFailure(DateTimeOffset now, int? httpStatus, string error, PollingPolicy policy, DateTimeOffset? retryAt = null)
    {
        LastCheckedAt = now;
        LastHttpStatus = httpStatus;
        LastError = error;
        ConsecutiveFailures = ConsecutiveFailures == int.MaxValue ? int.MaxValue : ConsecutiveFailures + 1;
        if (retryAt is { } at)
        {
            // Honour the server, within reason: a far-future date must not park the feed for good.
            var latest = now + (policy.BackoffCeiling > policy.MaxInterval ? policy.BackoffCeiling : policy.MaxInterval);
            NextCheckAt = at < now ? now : at > latest ? latest : at;
        }
        else
        {
            NextCheckAt = now + BackoffDelay(policy);
        }
    }

    /// <summary>Exponential backoff from the minimum interval, doubling per consecutive failure, capped at the ceiling.</summary>
    public TimeSpan BackoffDelay(PollingPolicy policy)
    {
        var doublings = Math.Clamp(ConsecutiveFailures - 1, 0, 30);
        var delay = policy.MinInterval.TotalMinutes * Math.Pow(2, doublings);
        return delay >= policy.BackoffCeiling.TotalMinutes ? policy.BackoffCeiling : TimeSpan.FromMinutes(delay);
    }

    /// <summary>
    /// The next check follows how often the feed publishes, never sooner than the feed or server asked
    /// (<paramref name="requestedDelay"/>), always within the policy's minimum and maximum.
    /// </summary>
    public void ScheduleNextCheck(DateTimeOffset now, PollingPolicy policy, TimeSpan? requestedDelay = null)
    {
        var interval = PublishIntervalMinutes is double minutes && minutes > 0 && double.IsFinite(minutes)
            ? TimeSpan.FromMinutes(Math.Min(minutes, policy.MaxInterval.TotalMinutes))
            : policy.DefaultInterval;
        if (requestedDelay is { } requested && requested > interval)
        {
            interval = requested;
        }

        interval = interval < policy.MinInterval ? policy.MinInterval : interval > policy.MaxInterval ? policy.MaxInterval : interval;
        NextCheckAt = now + interval;
    }
}
