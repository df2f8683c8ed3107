using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>A loopback Kestrel server playing the feed hosts a fetcher meets in the wild, good and hostile.</summary>
public sealed class HostileHost : IAsyncDisposable
{
    public const string ETag = "W/\"5f3a-1a2b;v=1\"";
    public const string LastModified = "Sat, 10 Jan 2026 11:00:00 GMT";
    public const int HugeBytes = 50 * 1024 * 1024;

    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        // 64 MB of zeros squeeze into about 64 KB.
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    });

    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;

    private HostileHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>The clock the host uses for HTTP dates (Retry-After); the tests point it at the app's fake clock.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>The most requests to /concurrent the host was serving at the same moment.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxInFlight);

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    public IReadOnlyList<ReceivedRequest> RequestsFor(string pathAndQuery) =>
        Requests.Where(r => r.PathAndQuery == pathAndQuery).ToList();

    public static async Task<HostileHost> StartAsync()
    {
        _ = GzipBomb.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        HostileHost? host = null;
        app.Run(context => host!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new HostileHost(app, new Uri(address + "/"));
        return host;
    }

    public static string Rss(string title, int items, int? ttl = null, string? channelExtra = null)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>");
        sb.Append($"<title>{title}</title><link>https://example.com/</link><description>Test feed</description>");
        if (ttl is not null)
        {
            sb.Append($"<ttl>{ttl}</ttl>");
        }

        sb.Append(channelExtra);
        for (var i = 1; i <= items; i++)
        {
            sb.Append($"<item><title>{title} story {i}</title><link>https://example.com/{Uri.EscapeDataString(title)}/{i}</link>");
            sb.Append($"<guid>https://example.com/{Uri.EscapeDataString(title)}/{i}</guid><pubDate>Sat, 10 Jan 2026 0{i % 10}:00:00 GMT</pubDate>");
            sb.Append($"<description>Paragraph {i} about {title}.</description></item>");
        }

        sb.Append("</channel></rss>");
        return sb.ToString();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue(new ReceivedRequest(
            request.Path + request.QueryString,
            request.Headers.IfNoneMatch.ToString(),
            request.Headers.IfModifiedSince.ToString(),
            request.Headers.UserAgent.ToString()));
        var response = context.Response;
        var aborted = context.RequestAborted;
        var path = request.Path.Value ?? "/";
        switch (path)
        {
            case "/good":
                response.Headers.ETag = "\"good-1\"";
                await WriteXmlAsync(response, Rss("Good", 3), aborted);
                break;

            case "/conditional":
                if (request.Headers.IfNoneMatch == ETag || request.Headers.IfModifiedSince == LastModified)
                {
                    response.StatusCode = 304;
                    response.Headers.ETag = ETag;
                    return;
                }

                response.Headers.ETag = ETag;
                response.Headers.LastModified = LastModified;
                await WriteXmlAsync(response, Rss("Conditional", 2), aborted);
                break;

            case "/concurrent":
                var now = Interlocked.Increment(ref _inFlight);
                int seen;
                while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
                {
                }

                try
                {
                    // Long enough for the other fetches to pile up against the per-host cap.
                    await Task.Delay(150, aborted);
                    await WriteXmlAsync(response, Rss("Concurrent", 1), aborted);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }

                break;

            case "/ttl":
                await WriteXmlAsync(response, Rss("Ttl", 2, ttl: 180), aborted);
                break;

            case "/max-age":
                response.Headers.CacheControl = "public, max-age=10800";
                await WriteXmlAsync(response, Rss("MaxAge", 2), aborted);
                break;

            case "/rate-limited":
                response.StatusCode = 429;
                response.Headers.RetryAfter = "7200";
                break;

            case "/unavailable":
                response.StatusCode = 503;
                response.Headers.RetryAfter = Now().AddHours(3).ToString("r");
                break;

            case "/moved":
                Redirect(response, 301, "/moved-target" + request.QueryString);
                break;
            case "/temporary":
                Redirect(response, 302, "/temporary-target" + request.QueryString);
                break;
            case "/chain-1":
                Redirect(response, 301, "/chain-2" + request.QueryString);
                break;
            case "/chain-2":
                Redirect(response, 308, Url("/chain-3" + request.QueryString).AbsoluteUri);
                break;
            case "/mixed-1":
                Redirect(response, 301, "/mixed-2" + request.QueryString);
                break;
            case "/mixed-2":
                Redirect(response, 302, "/mixed-3" + request.QueryString);
                break;
            case "/loop-a":
                Redirect(response, 302, "/loop-b" + request.QueryString);
                break;
            case "/loop-b":
                Redirect(response, 301, "/loop-a" + request.QueryString);
                break;
            case "/moved-target" or "/temporary-target" or "/chain-3" or "/mixed-3":
                await WriteXmlAsync(response, Rss("Moved " + path.Trim('/'), 2), aborted);
                break;

            case var endless when endless.StartsWith("/endless/", StringComparison.Ordinal):
                Redirect(response, 302, "/endless/" + (int.Parse(endless["/endless/".Length..], System.Globalization.CultureInfo.InvariantCulture) + 1));
                break;

            case "/not-found":
                response.StatusCode = 404;
                break;
            case "/gone":
                response.StatusCode = 410;
                break;
            case "/server-error":
                response.StatusCode = 500;
                await response.WriteAsync("Something broke", aborted);
                break;

            case "/slow":
                response.ContentType = "application/rss+xml";
                await response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Slow</title>", aborted);
                await response.Body.FlushAsync(aborted);
                await Task.Delay(Timeout.InfiniteTimeSpan, aborted);
                break;

            case "/huge":
                response.ContentType = "application/rss+xml";
                await response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Huge</title><description>", aborted);
                var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                for (var sent = 0; sent < HugeBytes; sent += chunk.Length)
                {
                    await response.Body.WriteAsync(chunk, aborted);
                }

                break;

            case "/huge-declared":
                response.ContentType = "application/rss+xml";
                response.ContentLength = HugeBytes;
                var block = new byte[64 * 1024];
                for (var sent = 0; sent < HugeBytes; sent += block.Length)
                {
                    await response.Body.WriteAsync(block, aborted);
                }

                break;

            case "/gzip-bomb":
                response.ContentType = "application/rss+xml";
                response.Headers.ContentEncoding = "gzip";
                await response.Body.WriteAsync(GzipBomb.Value, aborted);
                break;

            case "/gzip":
                response.ContentType = "application/rss+xml";
                response.Headers.ContentEncoding = "gzip";
                await response.Body.WriteAsync(Compress(Rss("Gzipped", 2), s => new GZipStream(s, CompressionLevel.Fastest)), aborted);
                break;

            case "/brotli":
                response.ContentType = "application/rss+xml";
                response.Headers.ContentEncoding = "br";
                await response.Body.WriteAsync(Compress(Rss("Brotli", 2), s => new BrotliStream(s, CompressionLevel.Fastest)), aborted);
                break;

            case "/invalid-xml":
                response.ContentType = "application/rss+xml";
                await response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Broken</title><item><title>Cut <b>off", aborted);
                break;

            case "/wrong-charset":
                // The header claims UTF-8; the bytes (and the XML declaration) are windows-1252.
                response.ContentType = "application/rss+xml; charset=utf-8";
                var xml = Rss("Caf\u00e9 na\u00efve", 2).Replace("encoding=\"utf-8\"", "encoding=\"windows-1252\"", StringComparison.Ordinal);
                await response.Body.WriteAsync(Encoding.Latin1.GetBytes(xml), aborted);
                break;

            default:
                response.StatusCode = 404;
                break;
        }
    }

    private static void Redirect(HttpResponse response, int status, string location)
    {
        response.StatusCode = status;
        response.Headers.Location = location;
    }

    private static async Task WriteXmlAsync(HttpResponse response, string xml, CancellationToken cancellationToken)
    {
        response.ContentType = "application/rss+xml; charset=utf-8";
        await response.WriteAsync(xml, cancellationToken);
    }

    private static byte[] Compress(string text, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var compressor = wrap(output))
        {
            compressor.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string PathAndQuery, string IfNoneMatch, string IfModifiedSince, string UserAgent);
