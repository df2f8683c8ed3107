using System.Text.Json;

namespace Aggregator.Web.Ingestion;

/// <summary>JSON Feed 1.0/1.1, and the RSS-in-JSON shape some publishers serve instead.</summary>
internal static class JsonFeedReader
{
    public static ParsedFeed ReadJsonFeed(JsonElement root, JsonElement items, Uri? baseUri, int maxItems)
    {
        var siteUrl = FeedParser.Resolve(baseUri, String(root, "home_page_url"));
        var siteBase = siteUrl is not null && Uri.TryCreate(siteUrl, UriKind.Absolute, out var site) ? site : baseUri;
        var feedAuthor = Author(root);
        var language = String(root, "language");
        var parsed = new List<ParsedItem>();
        var total = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            total++;
            if (parsed.Count >= maxItems)
            {
                continue;
            }

            var link = FeedParser.Resolve(siteBase, String(item, "url") ?? String(item, "external_url"));
            var html = String(item, "content_html") ?? Encode(String(item, "content_text")) ?? Encode(String(item, "summary"));
            parsed.Add(new ParsedItem
            {
                Id = String(item, "id"),
                Link = link,
                Title = FeedParser.CleanText(String(item, "title")),
                Author = FeedParser.CleanText(Author(item) ?? feedAuthor),
                PublishedAt = FeedDates.Parse(String(item, "date_published")) ?? FeedDates.Parse(String(item, "date_modified")),
                UpdatedAt = FeedDates.Parse(String(item, "date_modified")),
                Html = html,
                ImageUrl = FeedParser.Resolve(siteBase, String(item, "image") ?? String(item, "banner_image")),
                Language = String(item, "language") ?? language,
                BaseUri = link is not null && Uri.TryCreate(link, UriKind.Absolute, out var linkUri) ? linkUri : siteBase,
            });
        }

        return new ParsedFeed
        {
            Format = FeedFormat.JsonFeed,
            Title = FeedParser.CleanText(String(root, "title")),
            SiteUrl = siteUrl,
            SelfUrl = FeedParser.Resolve(baseUri, String(root, "feed_url")),
            Language = language,
            Items = parsed,
            SkippedItems = total - parsed.Count,
        };
    }

    public static ParsedFeed ReadRssInJson(JsonElement channel, Uri? baseUri, int maxItems)
    {
        var siteUrl = FeedParser.Resolve(baseUri, String(channel, "link"));
        var siteBase = siteUrl is not null && Uri.TryCreate(siteUrl, UriKind.Absolute, out var site) ? site : baseUri;
        var parsed = new List<ParsedItem>();
        var total = 0;
        if (channel.TryGetProperty("item", out var items))
        {
            var list = items.ValueKind == JsonValueKind.Array ? items.EnumerateArray().ToList() : [items];
            foreach (var item in list.Where(i => i.ValueKind == JsonValueKind.Object))
            {
                total++;
                if (parsed.Count >= maxItems)
                {
                    continue;
                }

                var link = FeedParser.Resolve(siteBase, String(item, "link"));
                parsed.Add(new ParsedItem
                {
                    Id = String(item, "guid"),
                    Link = link,
                    Title = FeedParser.CleanText(String(item, "title")),
                    Author = FeedParser.CleanText(String(item, "author")),
                    PublishedAt = FeedDates.Parse(String(item, "pubDate")),
                    Html = String(item, "description"),
                    BaseUri = link is not null && Uri.TryCreate(link, UriKind.Absolute, out var linkUri) ? linkUri : siteBase,
                });
            }
        }

        int? ttl = int.TryParse(String(channel, "ttl"), out var minutes) && minutes > 0 ? minutes : null;
        return new ParsedFeed
        {
            Format = FeedFormat.RssInJson,
            Title = FeedParser.CleanText(String(channel, "title")),
            SiteUrl = siteUrl,
            Language = String(channel, "language"),
            TtlMinutes = ttl,
            Items = parsed,
            SkippedItems = total - parsed.Count,
        };
    }

    private static string? Author(JsonElement element)
    {
        if (element.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
        {
            var names = authors.EnumerateArray().Select(a => String(a, "name")).Where(n => n is not null).ToList();
            if (names.Count > 0)
            {
                return string.Join(", ", names);
            }
        }

        return element.TryGetProperty("author", out var author) ? String(author, "name") ?? (author.ValueKind == JsonValueKind.String ? author.GetString() : null) : null;
    }

    private static string? Encode(string? text) => text is null ? null : System.Net.WebUtility.HtmlEncode(text);

    /// <summary>A property as text whatever its JSON type; RSS-in-JSON wraps values as {"#value": ...} or {"value": ...}.</summary>
    private static string? String(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Object => String(value, "#value") ?? String(value, "value") ?? String(value, "#text") ?? String(value, "url"),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
