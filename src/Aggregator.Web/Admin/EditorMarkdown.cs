using Ganss.Xss;
using Markdig;

namespace Aggregator.Web.Admin;

/// <summary>Editors write summaries in Markdown; raw HTML is off and the result is sanitized (no javascript: links).</summary>
public static class EditorMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseEmphasisExtras().UseAutoLinks().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    public static string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
}
