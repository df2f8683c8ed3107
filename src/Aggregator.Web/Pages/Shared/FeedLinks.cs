using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Aggregator.Web.Pages.Shared;

/// <summary>A feed for the view on screen: "/feeds/tag/chatgpt" becomes .rss, .atom and .json links.</summary>
public sealed record FeedLink(string Title, string BasePath)
{
    private const string Key = "Feeds";

    public static readonly FeedLink AllTopics = new("All topics", "/feeds/topics");

    public string Rss => BasePath + ".rss";
    public string Atom => BasePath + ".atom";
    public string Json => BasePath + ".json";

    public static FeedLink Category(string slug) => new($"Category: {slug}", $"/feeds/category/{Uri.EscapeDataString(slug)}");
    public static FeedLink Tag(string slug, string name) => new($"Tag: {name}", $"/feeds/tag/{Uri.EscapeDataString(slug)}");
    public static FeedLink Source(string slug, string name) => new($"Source: {name}", $"/feeds/source/{Uri.EscapeDataString(slug)}");
    public static FeedLink Importance(int n) => new($"Importance {n}+", $"/feeds/importance/{n}");
    public static FeedLink Topic(string id, string headline) => new($"Topic: {headline}", $"/feeds/topic/{id}");

    public static void Add(ViewDataDictionary viewData, params FeedLink[] links)
    {
        if (viewData[Key] is not List<FeedLink> list)
        {
            list = [];
            viewData[Key] = list;
        }

        list.AddRange(links);
    }

    public static IReadOnlyList<FeedLink> Of(ViewDataDictionary viewData) =>
        viewData[Key] as List<FeedLink> ?? [];
}
