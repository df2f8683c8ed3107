using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Aggregator.Web.Ingestion;

/// <summary>The HTTP client feeds are fetched with: safe connections, no automatic redirects or decompression, resilience.</summary>
internal static class FeedHttp
{
    public const string ClientName = "feeds";

    public static void AddFeedHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client =>
            {
                // Timeouts come from the resilience pipeline and the fetcher's own deadline (which also covers the body).
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestVersion = HttpVersion.Version11;
                client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrHigher;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<IOptions<IngestionOptions>>().Value))
            .AddResilienceHandler("feed-fetch", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<IngestionOptions>>().Value;
                // Network timeouts are wall-clock time, even when the app runs on a test clock.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(options.RequestTimeout);
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        Delay = options.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = false,
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });
    }

    /// <summary>Only failures a second attempt can plausibly fix; an HTTP status is an answer, not a transient error.</summary>
    internal static bool IsTransient(Exception? exception) => exception switch
    {
        TimeoutRejectedException => true,
        HttpRequestException http when FindInner<AddressRefusedException>(http) is not null => false,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded } => true,
        _ => false,
    };

    internal static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static SocketsHttpHandler CreateHandler(IngestionOptions options)
    {
        var allowPrivate = options.AllowPrivateAddresses;
        return new SocketsHttpHandler
        {
            // Redirects are followed by the fetcher, one hop at a time, to count them, detect loops and update moved feeds.
            AllowAutoRedirect = false,
            // Decompression is done by the fetcher so the decompressed size can be capped (gzip bombs).
            AutomaticDecompression = DecompressionMethods.None,
            // Direct connections only: the address check below must see the real destination, not a proxy.
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.AttemptTimeout,
            MaxResponseHeadersLength = 64,
            // The check runs on the resolved addresses of every connection, so every redirect hop is covered and a
            // host that resolves to a public address at first and a private one later (DNS rebinding) is still refused.
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !NetworkAddressPolicy.IsNonPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new AddressRefusedException(endPoint.Host, addresses);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static void AddFeedRequestHeaders(HttpRequestHeaders headers, string userAgent)
    {
        headers.TryAddWithoutValidation("User-Agent", userAgent);
        headers.TryAddWithoutValidation("Accept",
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5");
        headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
    }
}

/// <summary>A feed host resolved only to addresses the fetcher may not connect to.</summary>
public sealed class AddressRefusedException : Exception
{
    public AddressRefusedException(string host, IReadOnlyList<IPAddress> addresses)
        : base(addresses.Count == 0
            ? $"Refused to connect to {host}: it resolves to no address."
            : $"Refused to connect to {host}: it resolves to a loopback, private, link-local or metadata address ({string.Join(", ", addresses.Take(3))}). " +
              $"Set {IngestionOptions.Section}:{nameof(IngestionOptions.AllowPrivateAddresses)}=true to allow intranet feeds.")
    {
    }

    public AddressRefusedException()
    {
    }

    public AddressRefusedException(string message)
        : base(message)
    {
    }

    public AddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
