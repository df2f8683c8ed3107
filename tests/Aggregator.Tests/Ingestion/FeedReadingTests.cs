using System.Text;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Ingestion;

/// <summary>Feeds written for the tests, one per way a feed can hide its bodies, titles, authors, links and ids.</summary>
public class FeedReadingTests
{
    private static readonly FeedParser Parser = new(Options.Create(new FeedProcessingOptions()));
    private static readonly ArticleNormalizer Normalizer = new(Options.Create(new FeedProcessingOptions()));

    private static ParsedFeed Read(string file) =>
        Parser.Parse(File.ReadAllBytes(Path.Combine(Paths.TestData, "Ingestion", "reading", file)), null, null);

    private static ParsedFeed Parse(string xml) => Parser.Parse(Encoding.UTF8.GetBytes(xml), null, null);

    private static string Rss(string itemXml) =>
        $"<rss version=\"2.0\"><channel><title>T</title><link>https://t.example/</link><item>{itemXml}</item></channel></rss>";

    [Fact]
    public void ReadsBodiesTitlesAndAuthorsFromEveryElementThatCarriesThem()
    {
        var items = Read("rss-body-elements.xml").Items;

        Assert.Contains("<a href=\"https://bodies.example/x\">link</a>", items[0].Html, StringComparison.Ordinal);
        Assert.Equal("Ada Writer", items[0].Author);
        Assert.Equal("<p>The full item text</p>", items[1].Html);
        Assert.Equal("Bea Author", items[1].Author);
        Assert.Equal(("Dublin Core title", "Dublin Core description", "Cy Podcaster"), (items[2].Title, items[2].Html, items[2].Author));
        Assert.Equal("Media title", items[3].Title);
    }

    [Fact]
    public void ReadsElementNamesWhateverTheirCase()
    {
        var feed = Read("rss-odd-case.xml");
        var item = Assert.Single(feed.Items);
        Assert.Equal("Odd case", feed.Title);
        Assert.Equal(("Shouted title", "https://odd.example/1", "Shouted body", "odd-1"), (item.Title, item.Link, item.Html, item.Id));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), item.PublishedAt);
    }

    [Fact]
    public void ReadsItemsWrittenStraightUnderRssWithoutAChannel()
    {
        var feed = Read("rss-no-channel.xml");
        Assert.Equal("No channel", feed.Title);
        Assert.Equal(["First", "Second"], feed.Items.Select(i => i.Title));
    }

    [Theory]
    [InlineData("rdf-prefixed.xml", "Prefixed item", "https://prefixed.example/1")]
    [InlineData("rss-prefixed.xml", "Prefixed 2.0 item", "https://prefixed2.example/1")]
    public void ReadsRssWhoseNamespaceOnlyHasAPrefix(string file, string title, string link)
    {
        var item = Assert.Single(Read(file).Items);
        Assert.Equal((title, link), (item.Title, item.Link));
    }

    [Fact]
    public void TakesAnRss10ItemsRdfAboutAsItsId()
    {
        var item = Assert.Single(Read("rdf-prefixed.xml").Items);
        Assert.Equal("https://prefixed.example/items/1", item.Id);
    }

    [Fact]
    public void DecodesBase64AtomContentAndTitles()
    {
        var items = Read("atom-encodings.xml").Items;
        Assert.Equal(("Base64 title", "<p>Base64 <b>body</b></p>"), (items[0].Title, items[0].Html));
        Assert.Equal("Hello, world", items[1].Html);

        var old = Read("atom03-inline.xml").Items;
        Assert.Equal("Old base64 title", old[0].Title);
        Assert.Equal(("Escaped bold title", "<p>Old base64 body</p>"), (old[1].Title, old[1].Html));
    }

    [Fact]
    public void KeepsAtom03InlineXhtmlAsMarkupResolvedAgainstItsXmlBase()
    {
        var item = Read("atom03-inline.xml").Items[0];
        Assert.Contains("<a href=\"https://old.example/posts/second.html\">the next post</a>", item.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"https://old.example/posts/img/x.png\"", item.Html, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2004, 1, 5, 10, 0, 0, TimeSpan.Zero), item.PublishedAt);
    }

    [Theory]
    [InlineData("History of the &lt;blink&gt; tag", "History of the <blink> tag")]
    [InlineData("1 &lt; 2", "1 < 2")]
    [InlineData("if a &lt; b &amp;&amp; c &gt; d", "if a < b && c > d")]
    [InlineData("&lt;b&gt;Bold&lt;/b&gt; news", "Bold news")]
    [InlineData("safe &lt;script type=\"text/javascript\"&gt;location.href='http://evil.example/';&lt;/script&gt; description", "safe description")]
    [InlineData("before &lt;!-- a comment --&gt; after", "before after")]
    [InlineData("A&#160;&#160;B", "A\u00A0\u00A0B")]
    [InlineData("Caf&amp;eacute; &amp;amp; more", "Café & more")]
    [InlineData("AT&amp;T and R&amp;D", "AT&T and R&D")]
    public void ReadsTitlesAsTextAndMarkupOnlyWhenTheyAreMarkup(string written, string expected)
    {
        Assert.Equal(expected, Assert.Single(Parse(Rss($"<title>{written}</title><guid>g</guid>")).Items).Title);
    }

    [Fact]
    public void ATitleOfOnlyMarkupFallsBackInsteadOfBeingEmpty()
    {
        var item = Assert.Single(Parse(Rss("<title>&lt;img src=\"x.png\"/&gt;&lt;br/&gt;</title><guid>g</guid><description>The body text says it all</description>")).Items);
        Assert.Null(item.Title);
        var article = Normalizer.Normalize(item, Parse(Rss("")), null, DateTimeOffset.UnixEpoch);
        Assert.Equal("The body text says it all", article.Title);

        var dublin = Assert.Single(Parse(Rss("<title>&lt;br/&gt;</title><dc:title xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Dublin</dc:title>")).Items);
        Assert.Equal("Dublin", dublin.Title);
    }

    [Fact]
    public void KeepsTheAuthorsEmail()
    {
        Assert.Equal("Example author (me@example.com)", Read("smaller.xml").Items[0].Author);
        Assert.Equal("me@example.com (Example author)", Assert.Single(Parse(Rss("<title>t</title><author>me@example.com (Example author)</author>")).Items).Author);
    }

    [Fact]
    public void NeverTakesAGuidMarkedNotAPermalinkAsTheLink()
    {
        var item = Assert.Single(Parse(Rss("<title>t</title><guid isPermaLink=\"false\">https://t.example/internal/42</guid>")).Items);
        Assert.Null(item.Link);
        var article = Normalizer.Normalize(item, Parse(Rss("")), null, DateTimeOffset.UnixEpoch);
        Assert.False(article.HasOwnUrl);
        Assert.Equal("https://t.example/internal/42", article.Guid);

        var permalink = Assert.Single(Parse(Rss("<title>t</title><guid>https://t.example/posts/42</guid>")).Items);
        Assert.Equal("https://t.example/posts/42", permalink.Link);
    }

    [Fact]
    public void KeepsTheLinksPathAndQueryAsWritten()
    {
        var item = Read("smaller.xml").Items[0];
        Assert.Equal("https://small.example/Path/CaseSensitive?Q=UpperCase", item.Link);
        var article = Normalizer.Normalize(item, Read("smaller.xml"), null, DateTimeOffset.UnixEpoch);
        Assert.Equal("https://small.example/Path/CaseSensitive?Q=UpperCase", article.Url);
    }

    [Fact]
    public void AnAtomEntryWithoutAnAlternateLinkTakesNeitherItsEnclosureNorItsSelfLink()
    {
        var item = Read("smaller.xml").Items[1];
        Assert.Null(item.Link);
    }
}
