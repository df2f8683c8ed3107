using System.Net;
using System.Text;
using Ganss.Xss;
using Markdig;

namespace Aggregator.Web.Pages.Shared;

/// <summary>
/// Markdown written by editors, rendered the one way both the public topic page and the editor's preview show it:
/// formatting only, raw HTML shown as text, links limited to http(s) and mail, no images, then sanitized.
/// </summary>
public static class ReaderMarkdown
{
    public const string TooDeeplyNested = "The summary nests quotes or lists too deeply to be shown; keep it to a few levels.";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseEmphasisExtras().UseAutoLinks().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>Why the text cannot be shown as Markdown, or null when it can: checked before a summary is saved.</summary>
    public static string? Problem(string? markdown) => TryRender(markdown, out _) ? null : TooDeeplyNested;

    /// <summary>Never throws: text Markdig refuses (nesting beyond its limit) shows as plain paragraphs.</summary>
    public static string ToHtml(string? markdown) => TryRender(markdown, out var html) ? html : PlainParagraphs(markdown!);

    private static bool TryRender(string? markdown, out string html)
    {
        html = "";
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return true;
        }

        try
        {
            html = Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string PlainParagraphs(string text)
    {
        var html = new StringBuilder();
        foreach (var paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        return html.ToString();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowDataAttributes = false;
        return sanitizer;
    }
}
