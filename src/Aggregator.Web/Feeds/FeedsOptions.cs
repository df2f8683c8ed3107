using System.ComponentModel.DataAnnotations;

namespace Aggregator.Web.Feeds;

public sealed class FeedsOptions
{
    public const string Section = "Feeds";

    /// <summary>Topics (or, for one topic's feed, articles) per feed, newest update first.</summary>
    [Range(1, 500)]
    public int MaxItems { get; set; } = 50;

    /// <summary>Member articles listed in each topic's item.</summary>
    [Range(1, 100)]
    public int MaxSourcesPerItem { get; set; } = 10;

    /// <summary>How long a rendered feed is served from the output cache; clustering and editors evict it sooner.</summary>
    [Range(0, 86_400)]
    public int CacheSeconds { get; set; } = 300;
}
