using Aggregator.Web.Model;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Parse + normalise + store one fetched feed body for a source. Live fetching and the `import` verb both go
/// through it, so a feed behaves the same however it arrives.
/// </summary>
public interface IFeedPipeline
{
    /// <param name="source">A tracked source; the pipeline updates its learned publishing interval.</param>
    /// <param name="body">The (already decompressed) feed bytes.</param>
    /// <param name="contentType">The response's Content-Type with charset, when known.</param>
    /// <param name="baseUri">Where the feed was fetched from, for resolving relative links.</param>
    Task<FeedProcessResult> ProcessAsync(Source source, Stream body, string? contentType, Uri? baseUri, CancellationToken cancellationToken);
}

/// <param name="Error">A person-readable parse error, or null when the feed parsed.</param>
/// <param name="TtlMinutes">RSS &lt;ttl&gt;, when the feed states one.</param>
public sealed record FeedProcessResult(int Items, int Added, int Updated, int Unchanged, string? Error, int? TtlMinutes)
{
    public bool Succeeded => Error is null;

    public static FeedProcessResult Failed(string error) => new(0, 0, 0, 0, error, null);
}
