namespace Aggregator.Web.Feeds;

/// <summary>One feed, independent of its format; the writers turn it into RSS, Atom or JSON Feed.</summary>
/// <param name="Path">The view's feed path without the format extension, e.g. "/feeds/tag/openai".</param>
/// <param name="HtmlUrl">The absolute URL of the page that shows the same view.</param>
/// <param name="Updated">The newest update among the items (a fixed date for an empty view), so it is stable between requests.</param>
public sealed record FeedDocument(
    string BaseUrl,
    string Path,
    string Title,
    string Description,
    string HtmlUrl,
    DateTimeOffset Updated,
    IReadOnlyList<FeedEntry> Entries)
{
    public string SelfUrl(FeedFormat format) => $"{BaseUrl}{Path}.{format.Extension}";

    /// <summary>The same for every format of the view, so a reader switching format keeps its identity.</summary>
    public string Id => BaseUrl + Path;
}

/// <param name="Id">A permanent absolute URL: the same item keeps it as the story grows.</param>
/// <param name="Summary">Plain text.</param>
/// <param name="ContentHtml">HTML in which every piece of feed-supplied text is encoded or sanitized.</param>
public sealed record FeedEntry(
    string Id,
    string Link,
    string Title,
    string? Summary,
    string ContentHtml,
    DateTimeOffset Published,
    DateTimeOffset Updated,
    IReadOnlyList<string> Categories,
    string? Author);
