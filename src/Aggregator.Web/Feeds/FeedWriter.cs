using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Aggregator.Web.Feeds;

/// <summary>Serializes a <see cref="FeedDocument"/> as RSS 2.0, Atom 1.0 (System.ServiceModel.Syndication) or JSON Feed 1.1.</summary>
public static class FeedWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static byte[] Write(FeedDocument document, FeedFormat format)
    {
        document = Clean(document);
        return format == FeedFormat.Json ? WriteJson(document) : WriteXml(document, format);
    }

    // JSON could carry them, but a subscriber's reader may well store the items as XML.
    private static FeedDocument Clean(FeedDocument d) => d with
    {
        Title = FeedHtml.XmlSafe(d.Title),
        Description = FeedHtml.XmlSafe(d.Description),
        Entries = d.Entries.Select(e => e with
        {
            Title = FeedHtml.XmlSafe(e.Title),
            Summary = FeedHtml.XmlSafe(e.Summary),
            ContentHtml = FeedHtml.XmlSafe(e.ContentHtml),
            Author = FeedHtml.XmlSafe(e.Author),
            Categories = e.Categories.Select(c => FeedHtml.XmlSafe(c)).ToList(),
        }).ToList(),
    };

    private static byte[] WriteXml(FeedDocument document, FeedFormat format)
    {
        var feed = new SyndicationFeed(document.Title, document.Description, new Uri(document.HtmlUrl), document.Id, document.Updated)
        {
            Generator = "Aggregator",
            Language = "en",
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(document.SelfUrl(format)), format.ContentType.Split(';')[0]));
        feed.Items = document.Entries.Select(e =>
        {
            var item = new SyndicationItem
            {
                Id = e.Id,
                Title = new TextSyndicationContent(e.Title, TextSyndicationContentKind.Plaintext),
                PublishDate = e.Published,
                LastUpdatedTime = e.Updated,
            };
            item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(e.Link)));
            if (format == FeedFormat.Rss)
            {
                // RSS has one body field; readers show <description> as HTML.
                item.Summary = new TextSyndicationContent(e.ContentHtml, TextSyndicationContentKind.Html);
            }
            else
            {
                if (e.Summary is not null)
                {
                    item.Summary = new TextSyndicationContent(e.Summary, TextSyndicationContentKind.Plaintext);
                }

                item.Content = new TextSyndicationContent(e.ContentHtml, TextSyndicationContentKind.Html);
            }

            foreach (var category in e.Categories)
            {
                item.Categories.Add(new SyndicationCategory(category));
            }

            if (e.Author is not null)
            {
                // RSS <author> must be an e-mail address; the name goes where readers look for it.
                item.Authors.Add(new SyndicationPerson { Name = e.Author });
            }

            return item;
        }).ToList();

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            SyndicationFeedFormatter formatter = format == FeedFormat.Rss ? new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: true) : new Atom10FeedFormatter(feed);
            formatter.WriteTo(writer);
        }

        return stream.ToArray();
    }

    private static byte[] WriteJson(FeedDocument document)
    {
        var feed = new JsonFeed(
            "https://jsonfeed.org/version/1.1",
            document.Title,
            document.HtmlUrl,
            document.SelfUrl(FeedFormat.Json),
            document.Description,
            "en",
            document.Entries.Select(e => new JsonFeedItem(
                e.Id,
                e.Link,
                e.Title,
                e.ContentHtml,
                e.Summary,
                e.Published,
                e.Updated,
                e.Categories.Count == 0 ? null : e.Categories,
                e.Author is null ? null : [new JsonFeedAuthor(e.Author)])).ToList());
        return JsonSerializer.SerializeToUtf8Bytes(feed, JsonOptions);
    }

    private sealed record JsonFeed(
        string Version, string Title, string HomePageUrl, string FeedUrl, string Description, string Language, IReadOnlyList<JsonFeedItem> Items);

    private sealed record JsonFeedItem(
        string Id, string Url, string Title, string ContentHtml, string? Summary, DateTimeOffset DatePublished, DateTimeOffset DateModified,
        IReadOnlyList<string>? Tags, IReadOnlyList<JsonFeedAuthor>? Authors);

    private sealed record JsonFeedAuthor(string Name);
}
