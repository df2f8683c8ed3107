using Markdig;

namespace Aggregator.Web.Pages.Shared;

/// <summary>Markdown written by editors: formatting only, any raw HTML shown as text.</summary>
public static class ReaderMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);
}
