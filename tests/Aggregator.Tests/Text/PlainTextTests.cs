using Aggregator.Web.Text;

namespace Aggregator.Tests.Text;

public class PlainTextTests
{
    [Fact]
    public void TakesTextOutOfHtml()
    {
        Assert.Equal("Line one Line two & more", PlainText.FromHtml("<p>Line <b>one</b></p><p>Line&nbsp;two &amp;\tmore</p>"));
        Assert.Equal("", PlainText.FromHtml(null));
        Assert.Equal("", PlainText.FromHtml("  <br/> "));
    }

    [Fact]
    public void LeavesShortTextAsItIs()
    {
        Assert.Same("A short dek.", PlainText.Truncate("A short dek.", 12));
    }

    [Fact]
    public void CutsAtTheLastSpaceAndDropsDanglingPunctuation()
    {
        Assert.Equal("The council met on Tuesday…", PlainText.Truncate("The council met on Tuesday, and voted to close the bridge.", 30));
    }

    [Fact]
    public void CutsMidWordRatherThanLoseMoreThanHalf()
    {
        var text = "Short " + new string('x', 100);
        Assert.Equal("Short " + new string('x', 33) + "…", PlainText.Truncate(text, 40));
    }

    [Fact]
    public void LooksBackAtMost200CharactersForASpace()
    {
        // A long unspaced run (a URL, or text in a script without spaces) keeps its length instead of losing it.
        var text = new string('a', 500) + " " + new string('b', 1000);
        var cut = PlainText.Truncate(text, 900);
        Assert.Equal(900, cut.Length);
        Assert.EndsWith("b…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void NeverExceedsTheLimit()
    {
        for (var max = 1; max < 60; max++)
        {
            Assert.True(PlainText.Truncate("one two three four five six seven eight nine ten eleven twelve", max).Length <= max);
        }
    }
}
