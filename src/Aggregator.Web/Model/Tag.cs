namespace Aggregator.Web.Model;

public class Tag
{
    /// <summary>URL-safe, lowercase (e.g. "chatgpt").</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }

    /// <summary>company, model, product, person, topic.</summary>
    public string Kind { get; set; } = "topic";
}

public class TopicTag
{
    public required string TopicId { get; set; }
    public Topic? Topic { get; set; }
    public required string TagSlug { get; set; }
    public Tag? Tag { get; set; }
}
