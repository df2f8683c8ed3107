using System.Globalization;
using System.Security.Cryptography;
using Aggregator.Web.Data;
using Aggregator.Web.Operations;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Aggregator.Web.Feeds;

public static class FeedsSetup
{
    private const string CachePolicy = "feeds";

    // Feed readers and link checkers ask HEAD first; it answers the same headers as GET.
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static WebApplicationBuilder AddFeeds(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FeedsOptions>().BindConfiguration(FeedsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FeedHtml>();
        builder.Services.AddScoped<FeedBuilder>();
        builder.Services.AddOutputCache();
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<FeedsOptions>>((cache, feeds) =>
            cache.AddPolicy(CachePolicy, policy => policy
                .Tag(CacheTags.Topics, CacheTags.Sources)
                .Expire(TimeSpan.FromSeconds(feeds.Value.CacheSeconds))));
        return builder;
    }

    public static WebApplication MapFeeds(this WebApplication app)
    {
        var feeds = app.MapGroup("/feeds").CacheOutput(CachePolicy);

        feeds.MapMethods("/topics.{format}", GetOrHead, (string format, HttpContext http, FeedBuilder builder, IOptions<SiteOptions> site, CancellationToken ct) =>
            ServeAsync(http, format, () => builder.AllAsync(site.Value.ResolveBaseUrl(http.Request), ct)));

        feeds.MapMethods("/category/{slug}.{format}", GetOrHead, (string slug, string format, HttpContext http, FeedBuilder builder, IOptions<SiteOptions> site, CancellationToken ct) =>
            ServeAsync(http, format, () => builder.CategoryAsync(site.Value.ResolveBaseUrl(http.Request), slug, ct)));

        feeds.MapMethods("/tag/{slug}.{format}", GetOrHead, (string slug, string format, HttpContext http, FeedBuilder builder, IOptions<SiteOptions> site, CancellationToken ct) =>
            ServeAsync(http, format, () => builder.TagAsync(site.Value.ResolveBaseUrl(http.Request), slug, ct)));

        feeds.MapMethods("/source/{slug}.{format}", GetOrHead, (string slug, string format, HttpContext http, FeedBuilder builder, IOptions<SiteOptions> site, CancellationToken ct) =>
            ServeAsync(http, format, () => builder.SourceAsync(site.Value.ResolveBaseUrl(http.Request), slug, ct)));

        feeds.MapMethods("/importance/{n}.{format}", GetOrHead, (string n, string format, HttpContext http, FeedBuilder builder, IOptions<SiteOptions> site, CancellationToken ct) =>
            int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var minimum) && minimum is >= 1 and <= 5
                ? ServeAsync(http, format, () => builder.ImportanceAsync(site.Value.ResolveBaseUrl(http.Request), minimum, ct))
                : Task.FromResult(NotFound($"Importance must be a whole number from 1 to 5, got '{n}'.")));

        feeds.MapMethods("/topic/{id}.{format}", GetOrHead, (string id, string format, HttpContext http, FeedBuilder builder, IOptions<SiteOptions> site, CancellationToken ct) =>
            ServeAsync(http, format, () => builder.TopicAsync(site.Value.ResolveBaseUrl(http.Request), id, ct)));

        feeds.MapMethods("/sources.opml", GetOrHead, async (HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var (body, newest) = await OpmlWriter.WriteAsync(db, "Aggregator sources", ct);
            return Respond(http, body, "text/x-opml; charset=utf-8", newest);
        });

        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string extension, Func<Task<FeedResult>> build)
    {
        var format = FeedFormat.FromExtension(extension);
        if (format is null)
        {
            return NotFound($"Unknown feed format '{extension}'; use rss, atom or json.");
        }

        var result = await build();
        if (result.RedirectTopicId is not null)
        {
            // A merged story lives on in the topic it was merged into.
            return Results.Redirect(FeedUrls.Topic(result.RedirectTopicId, format), permanent: true);
        }

        if (result.Document is null)
        {
            return NotFound(result.NotFound ?? "No such feed.");
        }

        return Respond(http, FeedWriter.Write(result.Document, format), format.ContentType, result.Document.Updated);
    }

    private static IResult NotFound(string message) => Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// The output is deterministic (no generation time inside), so a hash of it is a strong validator: it changes
    /// exactly when a topic in the view changes, its order changes, or the view gains or loses one.
    /// </summary>
    private static IResult Respond(HttpContext http, byte[] body, string contentType, DateTimeOffset? lastModified)
    {
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        // Readers should revalidate every time; with the validators above that costs a 304.
        headers.CacheControl = new CacheControlHeaderValue { Public = true, NoCache = true };
        DateTimeOffset? modified = lastModified is { } m ? new DateTimeOffset(m.UtcTicks - (m.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) : null;
        headers.LastModified = modified;

        var request = http.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch.Count > 0
            ? request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false))
            : modified is not null && request.IfModifiedSince is { } since && since >= modified;
        return notModified ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(body, contentType);
    }
}
