namespace Aggregator.Web.Data;

/// <summary>Output-cache tags: evict "topics" after any change to topics or articles (clustering runs, editor actions).</summary>
public static class CacheTags
{
    public const string Topics = "topics";
    public const string Sources = "sources";
}
