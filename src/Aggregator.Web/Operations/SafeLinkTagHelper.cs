using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Aggregator.Web.Operations;

/// <summary>
/// Every &lt;a href&gt; on every page passes through here: links whose scheme is not http, https or mailto
/// (javascript:, data:, vbscript: ... however disguised) lose their href. Feed-supplied URLs end up in links on many
/// pages; this keeps one bad URL from becoming script even where a page forgot to check.
/// </summary>
[HtmlTargetElement("a", Attributes = "href")]
public sealed class SafeLinkTagHelper : TagHelper
{
    // Before the MVC anchor helper and anything else that may read href.
    public override int Order => -1000;

    [HtmlAttributeName("href")]
    public string? Href { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Href is not null && IsSafe(Href))
        {
            output.Attributes.SetAttribute("href", Href);
        }
    }

    /// <summary>Relative URLs, fragments and http(s)/mailto URLs are safe; any other scheme is not.</summary>
    public static bool IsSafe(string href)
    {
        // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:"), so compare without them.
        var compact = new string(href.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        var end = compact.IndexOfAny(['/', '?', '#']);
        if (end >= 0 && end < colon)
        {
            return true; // the colon is in the path, query or fragment, so there is no scheme
        }

        var scheme = compact[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
