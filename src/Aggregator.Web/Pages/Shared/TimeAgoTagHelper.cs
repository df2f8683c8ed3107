using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Aggregator.Web.Pages.Shared;

/// <summary>&lt;time-ago at="..." compact /&gt; renders a relative age with the exact UTC time on hover and for machines.</summary>
[HtmlTargetElement("time-ago", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TimeAgoTagHelper(ReaderTime time) : TagHelper
{
    public DateTimeOffset At { get; set; }

    public bool Compact { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", ReaderTime.Iso(At));
        output.Attributes.SetAttribute("title", ReaderTime.Readable(At));
        output.Content.SetContent(Compact ? time.Short(At) : time.Ago(At));
    }
}
