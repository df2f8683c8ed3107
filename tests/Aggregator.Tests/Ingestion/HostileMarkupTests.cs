using System.Text;
using Aggregator.Web.Ingestion;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Ingestion;

/// <summary>Item bodies built to make a parser do far more work than their size.</summary>
public class HostileMarkupTests
{
    private static readonly FeedProcessingOptions Limits = new();
    private static readonly ArticleNormalizer Normalizer = new(Options.Create(Limits));

    private static string Nested(string tag, int depth, string inner) =>
        new StringBuilder().Insert(0, $"<{tag}>", depth).Append(inner).Insert(depth * (tag.Length + 2) + inner.Length, $"</{tag}>", depth).ToString();

    private static int Depth(string html)
    {
        var document = new HtmlParser().ParseDocument("<body>" + html);
        var deepest = 0;
        var stack = new Stack<(AngleSharp.Dom.IElement, int)>([(document.Body!, 0)]);
        while (stack.TryPop(out var entry))
        {
            deepest = Math.Max(deepest, entry.Item2);
            foreach (var child in entry.Item1.Children)
            {
                stack.Push((child, entry.Item2 + 1));
            }
        }

        return deepest;
    }

    [Fact]
    public void AHundredThousandNestedDivsKeepTheirTextAndLoseTheDepth()
    {
        var html = Nested("div", 100_000, "<p>deep <b>text</b></p>");
        var body = Normalizer.Clean(html, null, Limits);
        Assert.Equal("deep text", body.Text);
        Assert.InRange(Depth(body.Html!), 1, Limits.MaxNestingDepth + 2);
    }

    [Fact]
    public void NestingWithinTheCapIsLeftAsWritten()
    {
        var html = Nested("blockquote", 20, "<p>quoted</p>");
        Assert.Equal(html, HtmlNesting.Cap(html, 100));
        Assert.Equal(Nested("div", 3, "x"), HtmlNesting.Cap(Nested("div", 5, "x"), 3));
    }

    [Fact]
    public void ParagraphsAndLineBreaksDoNotCountAsNesting()
    {
        var html = string.Concat(Enumerable.Repeat("<p>para<br>line<img src=\"https://x.example/a.png\">", 500));
        Assert.Same(html, HtmlNesting.Cap(html, 100));
    }

    [Fact]
    public void AnOversizedBodyIsCutBeforeParsing()
    {
        var limits = new FeedProcessingOptions { MaxHtmlInputLength = 10_000, MaxTextLength = 1_000_000, MaxHtmlLength = 2_000_000 };
        var body = new ArticleNormalizer(Options.Create(limits)).Clean("<p>" + new string('x', 50_000) + "</p>", null, limits);
        Assert.True(body.Text.Length < 10_000);
    }
}
