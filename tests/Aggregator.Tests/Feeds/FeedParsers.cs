using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using CodeHollow.FeedReader.Feeds;
using CodeHollowReader = CodeHollow.FeedReader.FeedReader;

namespace Aggregator.Tests.Feeds;

/// <summary>One item as a parser saw it.</summary>
internal sealed record ParsedItem(string Id, string Title, string Link, DateTimeOffset? Published, DateTimeOffset? Updated, string Html);

internal sealed record ParsedFeed(string Parser, string Title, string? SelfUrl, IReadOnlyList<ParsedItem> Items);

/// <summary>Reads our outbound feeds back with two independent parsers per format.</summary>
internal static class FeedParsers
{
    public static IReadOnlyList<ParsedFeed> ParseAll(string format, string body) => format switch
    {
        "rss" or "atom" => [WithSyndication(body), WithCodeHollow(body)],
        "json" => [WithSystemTextJson(body), WithCodeHollow(body)],
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static ParsedFeed WithSyndication(string body)
    {
        using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var feed = SyndicationFeed.Load(reader);
        var self = feed.Links.FirstOrDefault(l => l.RelationshipType == "self")?.Uri.AbsoluteUri;
        var items = feed.Items.Select(i => new ParsedItem(
            i.Id,
            i.Title.Text,
            i.Links.First(l => l.RelationshipType is null or "alternate").Uri.AbsoluteUri,
            i.PublishDate == default ? null : i.PublishDate,
            i.LastUpdatedTime == default ? null : i.LastUpdatedTime,
            (i.Content as TextSyndicationContent)?.Text ?? i.Summary?.Text ?? "")).ToList();
        return new ParsedFeed("Syndication", feed.Title.Text, self, items);
    }

    public static ParsedFeed WithCodeHollow(string body)
    {
        var feed = CodeHollowReader.ReadFromString(body);
        string? self = feed.SpecificFeed switch
        {
            JsonFeed json => json.FeedUrl,
            AtomFeed atom => atom.Links.FirstOrDefault(l => l.Relation == "self")?.Href,
            _ => null,
        };
        var items = feed.Items.Select(i =>
        {
            var updated = i.SpecificItem switch
            {
                AtomFeedItem atom => atom.UpdatedDate,
                JsonFeedItem json => json.DateModified,
                _ => null,
            };
            return new ParsedItem(i.Id, i.Title, i.Link, Utc(i.PublishingDate), Utc(updated), i.Content ?? i.Description ?? "");
        }).ToList();
        return new ParsedFeed("CodeHollow", feed.Title, self, items);
    }

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } d ? new DateTimeOffset(d.ToUniversalTime(), TimeSpan.Zero) : null;

    public static ParsedFeed WithSystemTextJson(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        var items = root.GetProperty("items").EnumerateArray().Select(i => new ParsedItem(
            i.GetProperty("id").GetString()!,
            i.GetProperty("title").GetString()!,
            i.GetProperty("url").GetString()!,
            i.GetProperty("date_published").GetDateTimeOffset(),
            i.GetProperty("date_modified").GetDateTimeOffset(),
            i.GetProperty("content_html").GetString()!)).ToList();
        return new ParsedFeed("System.Text.Json", root.GetProperty("title").GetString()!, root.GetProperty("feed_url").GetString(), items);
    }
}
