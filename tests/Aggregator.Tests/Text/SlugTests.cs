using Aggregator.Web.Text;

namespace Aggregator.Tests.Text;

public class SlugTests
{
    [Theory]
    [InlineData("Simon Willison's Weblog", "simon-willisons-weblog")]
    [InlineData("Nvidia’s CES keynote: Rubin, robots & “AI factories”", "nvidias-ces-keynote-rubin-robots-ai-factories")]
    [InlineData("Café Müller – Ça va?", "cafe-muller-ca-va")]
    [InlineData("  --Hacker News: Front Page--  ", "hacker-news-front-page")]
    [InlineData("BBC 中文 News", "bbc-news")]
    [InlineData("GPT-5.2 launches", "gpt-5-2-launches")]
    public void KeepsLettersAndDigitsJoinedBySingleHyphens(string text, string expected)
    {
        Assert.Equal(expected, Slug.From(text, "topic"));
    }

    [Theory]
    [InlineData("", "source")]
    [InlineData("中文新闻", "source")]
    [InlineData("!!!", "topic")]
    public void FallsBackWhenNothingIsLeft(string text, string fallback)
    {
        Assert.Equal(fallback, Slug.From(text, fallback));
    }

    [Fact]
    public void CutsALongSlugAtAHyphen()
    {
        var text = string.Join(' ', Enumerable.Repeat("headline", 12));
        var slug = Slug.From(text, "topic");
        Assert.Equal(string.Join('-', Enumerable.Repeat("headline", 9)), slug);
        Assert.True(slug.Length <= 80);
    }

    [Fact]
    public void CutsAtTheLimitWhenNoHyphenComesLateEnough()
    {
        var slug = Slug.From("short " + new string('x', 120), "topic");
        Assert.Equal(80, slug.Length);
        Assert.StartsWith("short-xxx", slug, StringComparison.Ordinal);
    }
}
