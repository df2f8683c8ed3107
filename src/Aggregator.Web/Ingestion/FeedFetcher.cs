using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Aggregator.Web.Ingestion;

public enum FetchStatus
{
    /// <summary>A body arrived (2xx).</summary>
    Fetched,

    /// <summary>304: the feed has not changed since the validators we sent.</summary>
    NotModified,

    /// <summary>The server answered with an error status (4xx/5xx or an unusable redirect).</summary>
    HttpError,

    /// <summary>No usable answer: network failure, timeout, refused address, too large, redirect loop.</summary>
    Failed,
}

/// <summary>What one conditional GET of a feed came back with.</summary>
public sealed class FeedFetchResult : IDisposable
{
    public required FetchStatus Status { get; init; }
    public required Uri FinalUrl { get; init; }

    /// <summary>Where an unbroken run of permanent redirects (301/308) from the requested URL led, when it moved.</summary>
    public Uri? MovedTo { get; init; }
    public int? HttpStatus { get; init; }
    public MemoryStream? Body { get; init; }
    public string? ContentType { get; init; }

    /// <summary>Validators exactly as the server sent them, to be echoed unchanged.</summary>
    public string? ETag { get; init; }
    public string? LastModified { get; init; }

    /// <summary>Cache-Control max-age, when the server gave one.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>When a 429/503 asked to be retried (Retry-After).</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>For metrics: http_error, timeout, refused, too_large, redirect, decompression or network_error.</summary>
    public string? FailureKind { get; init; }

    /// <summary>Person-readable reason for <see cref="FetchStatus.HttpError"/> and <see cref="FetchStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    public void Dispose() => Body?.Dispose();
}

/// <summary>
/// Conditional GET of one feed URL: echoes validators, follows redirects itself (counted, loop-checked), caps the body
/// on the wire and after decompression, and never runs more than the per-host cap of requests against one host (across processes on PostgreSQL).
/// </summary>
public sealed class FeedFetcher(IHttpClientFactory httpClients, HostConcurrencyLimiter hostLimiter, SharedHostSlots hostSlots, IOptions<IngestionOptions> options, TimeProvider time)
{
    public async Task<FeedFetchResult> FetchAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // The deadline covers every hop and the body too; the resilience pipeline only sees each request up to its headers.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.RequestTimeout);
        var client = httpClients.CreateClient(FeedHttp.ClientName);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var current = url;
        Uri? movedTo = null;
        var permanentSoFar = true;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                if (current.Scheme != Uri.UriSchemeHttp && current.Scheme != Uri.UriSchemeHttps)
                {
                    return Failed("redirect", current, $"Unsupported URL scheme \"{current.Scheme}\" in {current}; only http and https feeds are fetched.");
                }

                if (!visited.Add(current.AbsoluteUri))
                {
                    return Failed("redirect", current, $"Redirect loop: {current} redirects back to an address already visited.");
                }

                using var lease = await hostLimiter.AcquireAsync(current, deadline.Token);
                await using var slot = await hostSlots.TakeAsync(current, deadline.Token);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                FeedHttp.AddFeedRequestHeaders(request.Headers, settings.UserAgent);
                if (!string.IsNullOrEmpty(etag))
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (!string.IsNullOrEmpty(lastModified))
                {
                    request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    var location = response.Headers.Location;
                    if (location is null)
                    {
                        return HttpError(current, status, $"HTTP {status} redirect without a Location header.");
                    }

                    if (redirects >= settings.MaxRedirects)
                    {
                        return Failed("redirect", current, $"Too many redirects: more than {settings.MaxRedirects} starting at {url}.", status);
                    }

                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    permanentSoFar &= status is 301 or 308;
                    if (permanentSoFar)
                    {
                        movedTo = next;
                    }

                    current = next;
                    continue;
                }

                var moved = movedTo is not null && movedTo.AbsoluteUri != url.AbsoluteUri ? movedTo : null;
                if (status == 304)
                {
                    return new FeedFetchResult
                    {
                        Status = FetchStatus.NotModified, FinalUrl = current, MovedTo = moved, HttpStatus = status,
                        ETag = Header(response, "ETag"), LastModified = Header(response, "Last-Modified"),
                        MaxAge = response.Headers.CacheControl?.MaxAge,
                    };
                }

                if (status is >= 200 and < 300)
                {
                    var body = await BoundedBody.ReadAsync(response.Content, settings.MaxResponseBytes, deadline.Token);
                    return new FeedFetchResult
                    {
                        Status = FetchStatus.Fetched, FinalUrl = current, MovedTo = moved, HttpStatus = status, Body = body,
                        ContentType = response.Content.Headers.ContentType?.ToString(),
                        ETag = Header(response, "ETag"), LastModified = Header(response, "Last-Modified"),
                        MaxAge = response.Headers.CacheControl?.MaxAge,
                    };
                }

                return new FeedFetchResult
                {
                    Status = FetchStatus.HttpError, FinalUrl = current, HttpStatus = status, FailureKind = "http_error",
                    RetryAt = status is 429 or 503 ? RetryAt(response) : null,
                    Error = DescribeStatus(status, response.ReasonPhrase, current),
                };
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // Shutting down: whatever the socket reported, this is a cancellation, not a feed failure to record.
            throw new OperationCanceledException("The fetch was cancelled.", ex, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed("timeout", current, $"Timed out after {settings.RequestTimeout.TotalSeconds:0.#} s fetching {current}.");
        }
        catch (TimeoutRejectedException)
        {
            return Failed("timeout", current,
                $"Timed out: {current.Host} sent no response within {settings.AttemptTimeout.TotalSeconds:0.#} s ({settings.MaxRetries + 1} attempts) for {current}.");
        }
        catch (ResponseTooLargeException ex)
        {
            return Failed("too_large", current, ex.Message, 200);
        }
        catch (InvalidDataException ex)
        {
            return Failed("decompression", current, $"The response body could not be decompressed: {ex.Message}", 200);
        }
        catch (HttpRequestException ex)
        {
            return Failed(FeedHttp.FindInner<AddressRefusedException>(ex) is null ? "network_error" : "refused", current, DescribeNetworkError(ex, current));
        }
        catch (IOException ex)
        {
            return Failed("network_error", current, $"The connection to {current.Host} broke while reading the response: {ex.Message}");
        }
    }

    private static FeedFetchResult Failed(string kind, Uri url, string error, int? status = null) =>
        new() { Status = FetchStatus.Failed, FinalUrl = url, HttpStatus = status, Error = error, FailureKind = kind };

    private static FeedFetchResult HttpError(Uri url, int status, string error) =>
        new() { Status = FetchStatus.HttpError, FinalUrl = url, HttpStatus = status, Error = error, FailureKind = "http_error" };

    /// <summary>The raw header value, unparsed, so it can be echoed byte for byte.</summary>
    private static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values))
        {
            var value = values.ToString();
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        return null;
    }

    private DateTimeOffset? RetryAt(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return time.GetUtcNow() + delta;
        }

        return retryAfter?.Date;
    }

    private static string DescribeStatus(int status, string? reason, Uri url)
    {
        var phrase = string.IsNullOrWhiteSpace(reason) ? ((HttpStatusCode)status).ToString() : reason;
        var what = status switch
        {
            401 or 403 => "the server refuses access to this feed",
            404 => "no feed at this address",
            410 => "the site says this feed is gone for good; consider removing or replacing the source",
            429 => "rate limited by the server",
            503 => "the server is unavailable",
            >= 500 => "the server failed",
            _ => "the server refused the request",
        };
        return $"HTTP {status} {phrase}: {what} ({url}).";
    }

    private static string DescribeNetworkError(HttpRequestException exception, Uri url)
    {
        if (FeedHttp.FindInner<AddressRefusedException>(exception) is { } refused)
        {
            return refused.Message;
        }

        if (FeedHttp.FindInner<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"Could not resolve the host name {url.Host}.",
                SocketError.ConnectionRefused => $"{url.Host} refused the connection.",
                SocketError.TimedOut => $"Connecting to {url.Host} timed out.",
                SocketError.ConnectionReset => $"{url.Host} reset the connection.",
                _ => $"Could not connect to {url.Host}: {socket.Message}",
            };
        }

        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"Could not resolve the host name {url.Host}.",
            HttpRequestError.SecureConnectionError => $"The TLS connection to {url.Host} failed: {exception.Message}",
            HttpRequestError.ResponseEnded => $"{url.Host} closed the connection before answering.",
            _ => $"Fetching {url} failed: {exception.Message}",
        };
    }
}

/// <summary>Caps concurrent requests per host name, shared by every worker.</summary>
public sealed class HostConcurrencyLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public HostConcurrencyLimiter(IOptions<IngestionOptions> options)
    {
        var permits = options.Value.MaxConcurrentFetchesPerHost;
        _limiter = PartitionedRateLimiter.Create<string, string>(host => RateLimitPartition.GetConcurrencyLimiter(host, _ =>
            new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
    }

    public async Task<RateLimitLease> AcquireAsync(Uri url, CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(url.IdnHost.ToLowerInvariant(), 1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException($"No fetch slot for {url.Host}.");
        }

        return lease;
    }

    public void Dispose() => _limiter.Dispose();
}
