using System.IO.Compression;
using System.Text;
using Aggregator.Web.Ingestion;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Ingestion;

public class ParserTests
{
    private static readonly FeedParser Parser = new(Options.Create(new FeedProcessingOptions { MaxItemsPerFetch = 3 }));

    private static ParsedFeed Parse(string text, string? contentType = null, Uri? baseUri = null) =>
        Parser.Parse(Encoding.UTF8.GetBytes(text), contentType, baseUri);

    private const string Rss = """
        <rss version="2.0"><channel><title>T</title><link>https://site.example/</link>
        <item><title>One</title><link>https://site.example/1</link><guid>g1</guid><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    [Fact]
    public void AnAggregatorsSourceElementCreditsTheOutletThatWroteTheItem()
    {
        var feed = Parse("""
            <rss version="2.0"><channel><title>News search</title><link>https://news.example/</link>
            <item><title>Fire at alpine bar kills dozens - The Daily Ledger</title><link>https://news.example/a/1</link>
            <source url="https://ledger.example">The Daily Ledger</source></item>
            <item><title>Signed</title><link>https://news.example/a/2</link><author>desk@ledger.example (Ann Lee)</author>
            <source url="https://ledger.example">The Daily Ledger</source></item>
            </channel></rss>
            """);

        Assert.Equal("The Daily Ledger", feed.Items[0].Author);
        Assert.Equal("desk@ledger.example (Ann Lee)", feed.Items[1].Author);
    }

    [Fact]
    public void RefusesBillionLaughs()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <rss version="2.0"><channel><title>&lol9;</title></channel></rss>
            """;
        var error = Assert.Throws<FeedParseException>(() => Parse(bomb));
        Assert.Contains("entities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesExternalEntities()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var xxe = $"""
                <?xml version="1.0"?>
                <!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                <rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title><guid>1</guid></item></channel></rss>
                """;
            Assert.Throws<FeedParseException>(() => Parse(xxe));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void ParserSettingsNeverExpandEntitiesEvenWhenTheDoctypeHidesThem()
    {
        // A parameter-entity trick that slips past the declaration check must still expand to nothing.
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var sneaky = $"""
                <?xml version="1.0"?>
                <!DOCTYPE rss SYSTEM "file://{secret}">
                <rss version="2.0"><channel><title>T</title><item><title>a &secret; b</title><guid>1</guid></item></channel></rss>
                """;
            var feed = Parse(sneaky);
            Assert.DoesNotContain("TOP-SECRET", feed.Items[0].Title, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void DetectsFormatFromContentNotName()
    {
        Assert.Equal(FeedFormat.Rss20, Parse(Rss).Format);
        Assert.Equal(FeedFormat.Atom10, Parse("""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>1</id><title>E</title></entry></feed>""").Format);
        Assert.Equal(FeedFormat.Rss10, Parse("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item><title>I</title><link>https://x.example/i</link></item></rdf:RDF>""").Format);
        Assert.Equal(FeedFormat.JsonFeed, Parse("""{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","title":"I"}]}""").Format);
    }

    [Fact]
    public void ToleratesBomWhitespaceEntitiesAndBareAmpersands()
    {
        var text = "\uFEFF  \r\n" + Rss.Replace("<title>One</title>", "<title>Caf&eacute; &amp; bar &nbsp;&mdash; R&D</title>", StringComparison.Ordinal);
        var feed = Parse(text);
        // A no-break space is part of the title as written, not whitespace to collapse.
        Assert.Equal("Café & bar \u00A0— R&D", feed.Items[0].Title);
    }

    [Fact]
    public void GivesAClearMessageForIllFormedXml()
    {
        var error = Assert.Throws<FeedParseException>(() => Parse("<rss version=\"2.0\"><channel><title>x</title><item><title a=\"1\" a=\"2\">y</title></item></channel></rss>"));
        Assert.StartsWith("The feed is not well-formed XML", error.Message, StringComparison.Ordinal);
        Assert.Equal("The address returned an HTML page, not a feed.", Assert.Throws<FeedParseException>(() => Parse("<!DOCTYPE html><html><body><p>hi<br></body></html>")).Message);
        Assert.Equal("The feed is empty.", Assert.Throws<FeedParseException>(() => Parse("  \n ")).Message);
    }

    [Fact]
    public void HonoursDeclaredLegacyEncodings()
    {
        var latin1 = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + Rss.Replace("One", "Gr\u00FC\u00DFe", StringComparison.Ordinal));
        Assert.Equal("Grüße", Parser.Parse(latin1, null, null).Items[0].Title);

        var cyrillic = Encoding.GetEncoding("windows-1251").GetBytes(Rss.Replace("One", "Привет", StringComparison.Ordinal));
        Assert.Equal("Привет", Parser.Parse(cyrillic, "application/rss+xml; charset=windows-1251", null).Items[0].Title);
    }

    [Fact]
    public void SurvivesAWrongDeclaredCharset()
    {
        var utf8 = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"no-such-charset\"?>" + Rss.Replace("One", "naïve", StringComparison.Ordinal));
        Assert.Equal("naïve", Parser.Parse(utf8, "text/xml; charset=utf-16", null).Items[0].Title);
    }

    [Fact]
    public void GunzipsBodiesSentWithoutAHeader()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Rss));
        }

        Assert.Equal("One", Parser.Parse(buffer.ToArray(), null, null).Items[0].Title);
    }

    [Fact]
    public void ResolvesRelativeLinksAgainstXmlBase()
    {
        var feed = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/base/">
              <title>B</title><link href="/"/>
              <entry xml:base="posts/"><id>1</id><title>E</title><link href="first.html"/><content type="html">&lt;a href="img/x.png"&gt;x&lt;/a&gt;</content></entry>
            </feed>
            """);
        Assert.Equal("https://blog.example.org/base/posts/first.html", feed.Items[0].Link);
        Assert.Equal(new Uri("https://blog.example.org/base/posts/"), feed.Items[0].BaseUri);
        Assert.Equal("https://blog.example.org/", feed.SiteUrl);
    }

    [Fact]
    public void ResolvesRelativeLinksAgainstTheFetchedUrl()
    {
        var feed = Parse(Rss.Replace("https://site.example/1", "/posts/1", StringComparison.Ordinal).Replace("<link>https://site.example/</link>", "", StringComparison.Ordinal),
            baseUri: new Uri("https://fetched.example/feed.xml"));
        Assert.Equal("https://fetched.example/posts/1", feed.Items[0].Link);
    }

    [Theory]
    [InlineData("Mon, 05 Jan 2026 10:00:00 GMT", "2026-01-05T10:00:00+00:00")]
    [InlineData("Mon, 05 Jan 2026 10:00:00 +0100", "2026-01-05T09:00:00+00:00")]
    [InlineData("Mon, 5 Jan 2026 10:00:00 PST", "2026-01-05T18:00:00+00:00")]
    [InlineData("mer, 16 nov 2022 00:38:15 +0100", "2022-11-15T23:38:15+00:00")]
    [InlineData("2026-01-05T10:00:00.123Z", "2026-01-05T10:00:00.123+00:00")]
    [InlineData("2026-01-05 10:00:00", "2026-01-05T10:00:00+00:00")]
    [InlineData("2023-12-16", "2023-12-16T00:00:00+00:00")]
    [InlineData("Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33+00:00")]
    [InlineData("1518478934", "2018-02-12T23:42:14+00:00")]
    public void ReadsDatesBeyondTheStandards(string value, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(value));
    }

    [Fact]
    public void CapsItemsPerFetch()
    {
        var items = string.Concat(Enumerable.Range(1, 10).Select(i => $"<item><title>{i}</title><guid>{i}</guid></item>"));
        var feed = Parse($"<rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>");
        Assert.Equal(3, feed.Items.Count);
        Assert.Equal(7, feed.SkippedItems);
    }
}
