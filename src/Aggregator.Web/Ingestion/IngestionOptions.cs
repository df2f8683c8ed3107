using System.ComponentModel.DataAnnotations;
using Aggregator.Web.Model;

namespace Aggregator.Web.Ingestion;

/// <summary>Live fetching: the scheduler, the worker pool and the HTTP fetcher. Bound from the "Ingestion" section.</summary>
public sealed class IngestionOptions : IValidatableObject
{
    public const string Section = "Ingestion";

    /// <summary>Run the scheduler and the worker pool; tests and CLI-only hosts turn them off.</summary>
    public bool WorkersEnabled { get; set; } = true;

    [Range(1, 64)]
    public int WorkerCount { get; set; } = 4;

    /// <summary>Sources waiting for a worker; the scheduler waits when it is full.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 500;

    /// <summary>Fetches running at once against one host name, whatever the number of workers.</summary>
    [Range(1, 64)]
    public int MaxConcurrentFetchesPerHost { get; set; } = 2;

    /// <summary>How often the scheduler looks for sources whose next check is due.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a claimed source stays with the process that claimed it (SourceLeases): past it, a source whose fetch
    /// never finished (a crashed worker) is due again for any process. Longer than a fetch with its queue wait.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whole fetch: every attempt and redirect, and reading the body.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>One attempt, until the response headers arrive.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Extra attempts after a transient network failure (connection refused or reset, attempt timeout); never on an HTTP status.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest body accepted, counted both on the wire and after decompression.</summary>
    [Range(1024, 1L << 30)]
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Never check a feed more often than this, whatever it publishes or asks for.</summary>
    public TimeSpan MinCheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Never leave a healthy feed unchecked longer than this.</summary>
    public TimeSpan MaxCheckInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Interval for a feed whose publishing rhythm is not known yet.</summary>
    public TimeSpan DefaultCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest wait after repeated failures; a failing feed is retried at least this often, forever.</summary>
    public TimeSpan BackoffCeiling { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Allow feed URLs that resolve to loopback, private, link-local or metadata addresses (intranet feeds).</summary>
    public bool AllowPrivateAddresses { get; set; }

    [Required]
    public string UserAgent { get; set; } = "Aggregator/1.0 (self-hosted news aggregator; feed fetcher)";

    public PollingPolicy PollingPolicy => new(MinCheckInterval, MaxCheckInterval, DefaultCheckInterval, BackoffCeiling);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(SchedulerInterval), SchedulerInterval), (nameof(RequestTimeout), RequestTimeout),
            (nameof(AttemptTimeout), AttemptTimeout), (nameof(MinCheckInterval), MinCheckInterval),
            (nameof(MaxCheckInterval), MaxCheckInterval), (nameof(DefaultCheckInterval), DefaultCheckInterval),
            (nameof(BackoffCeiling), BackoffCeiling), (nameof(LeaseDuration), LeaseDuration),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{Section}:{name} must be a positive duration.", [name]);
            }
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(RetryDelay)} must not be negative.", [nameof(RetryDelay)]);
        }

        if (AttemptTimeout > RequestTimeout)
        {
            yield return new ValidationResult($"{Section}:{nameof(AttemptTimeout)} must not exceed {nameof(RequestTimeout)}.", [nameof(AttemptTimeout)]);
        }

        if (MinCheckInterval > MaxCheckInterval || DefaultCheckInterval < MinCheckInterval || DefaultCheckInterval > MaxCheckInterval)
        {
            yield return new ValidationResult(
                $"{Section}: {nameof(MinCheckInterval)} <= {nameof(DefaultCheckInterval)} <= {nameof(MaxCheckInterval)} must hold.",
                [nameof(MinCheckInterval), nameof(DefaultCheckInterval), nameof(MaxCheckInterval)]);
        }

        if (BackoffCeiling < MinCheckInterval)
        {
            yield return new ValidationResult($"{Section}:{nameof(BackoffCeiling)} must be at least {nameof(MinCheckInterval)}.", [nameof(BackoffCeiling)]);
        }
    }
}
