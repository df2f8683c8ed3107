using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Text;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Ingestion;

public class NormalizerTests
{
    private static readonly ArticleNormalizer Normalizer = new(Options.Create(new FeedProcessingOptions()));
    private static readonly FeedProcessingOptions Limits = new();
    private static readonly Uri Base = new("https://news.example.com/2026/01/story.html");

    private static string Clean(string html) => Normalizer.Clean(html, Base, Limits).Html ?? "";

    [Theory]
    [InlineData("<p>hi<script>alert(1)</script></p>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "javascript:")]
    [InlineData("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "avascript")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\">", "data:")]
    [InlineData("<p style=\"width: expression(alert(1))\">x</p>", "expression")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">x</div>", "javascript")]
    [InlineData("<svg><script>alert(1)</script></svg>", "script")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "iframe")]
    [InlineData("<form action=\"https://evil.example\"><input name=a></form>", "<form")]
    [InlineData("<object data=\"x.swf\"></object><embed src=\"x.swf\">", "swf")]
    [InlineData("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror")]
    [InlineData("<a href=\"https://ok.example\" onclick=\"steal()\">x</a>", "onclick")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", "refresh")]
    [InlineData("<base href=\"https://evil.example/\"><a href=\"/x\">x</a>", "<base")]
    public void XssPayloadsAreInert(string payload, string forbidden)
    {
        var html = Clean(payload);
        // Inert means: as a browser would parse the output, nothing active is left (escaped text is fine).
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<body>" + html);
        string[] activeElements = ["script", "style", "iframe", "object", "embed", "form", "input", "meta", "base", "svg", "math", "link"];
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, activeElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attribute.Name} survived in {html}");
                Assert.NotEqual("style", attribute.Name);
                var value = attribute.Value.Trim();
                Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("data:", StringComparison.OrdinalIgnoreCase), html);
            }
        }

        if (!html.Contains("&lt;", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void KeepsHarmlessMarkupAndResolvesRelativeLinks()
    {
        var html = Clean("<p>Read <a href=\"../more.html\">more</a> <img src=\"/img/a.png\" alt=\"A\"></p>");
        Assert.Contains("<a href=\"https://news.example.com/2026/more.html\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"https://news.example.com/img/a.png\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"A\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovesTrackingPixelsAndPicksTheFirstRealImage()
    {
        var body = Normalizer.Clean(
            "<p>Story</p><img src=\"https://news.example.com/pixel.png?id=1\" width=\"1\" height=\"1\">" +
            "<img src=\"https://feeds.feedburner.com/~r/example/~4/abc\">" +
            "<img src=\"https://www.google-analytics.com/collect?v=1\">" +
            "<img src=\"https://cdn.example.com/photo.jpg?utm_source=rss\" width=\"600\">", Base, Limits);
        Assert.DoesNotContain("pixel.png", body.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("feedburner", body.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("google-analytics", body.Html, StringComparison.Ordinal);
        Assert.Contains("https://cdn.example.com/photo.jpg", body.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("utm_source", body.Html, StringComparison.Ordinal);
        Assert.Equal("https://cdn.example.com/photo.jpg?utm_source=rss", body.FirstImage);
    }

    [Fact]
    public void PlainTextSeparatesBlocksAndDecodesEntities()
    {
        var body = Normalizer.Clean("<p>First&nbsp;para.</p><p>Second &amp; last.</p><ul><li>one</li><li>two</li></ul>", Base, Limits);
        Assert.Equal("First para. Second & last. one two", body.Text);
    }

    [Theory]
    [InlineData("Plain words only")]
    [InlineData("  Leading and trailing space \t\n")]
    [InlineData("Line one\r\nline two\rline three\n\nfour")]
    [InlineData("Price > cost\u00A0and\u00A0more >>")]
    [InlineData("Quotes \"double\" and 'single', café ✓ 𐐀 = ok")]
    [InlineData("nul\0inside")]
    [InlineData("\u00A0 padded by no-break spaces \u00A0")]
    public void PlainTextSkipsTheParserWithTheSameResult(string plain)
    {
        Assert.Equal(Normalizer.CleanMarkup(plain, Base, Limits), Normalizer.Clean(plain, Base, Limits));
        Assert.Equal(Normalizer.CleanMarkup(plain, Base, Limits), ArticleNormalizer.CleanPlainText(plain, Limits));
    }

    [Theory]
    [InlineData("Caf&eacute; &gt; tea &amp; cake&#8217;s", "Café > tea & cake’s")]
    [InlineData("AT&amp;T&nbsp;&#x2014; news", "AT&T\u00A0— news")]
    public void PlainTextWithEntitiesMatchesTheSameTextWithoutThem(string encoded, string decoded)
    {
        // Entities take the parser; the decoded text takes the plain path. Both must normalise alike.
        var viaParser = Normalizer.Clean(encoded, Base, Limits);
        Assert.Equal(viaParser, Normalizer.Clean(decoded, Base, Limits));
        Assert.Equal(PlainText.CollapseWhitespace(decoded), viaParser.Text);
    }

    [Fact]
    public void LongPlainTextFallsBackToItsTruncatedTextLikeMarkupDoes()
    {
        var limits = new FeedProcessingOptions { MaxHtmlLength = 200, MaxTextLength = 200 };
        var plain = string.Join(' ', Enumerable.Repeat("word>", 100));
        Assert.Equal(Normalizer.CleanMarkup(plain, Base, limits), Normalizer.Clean(plain, Base, limits));
        Assert.StartsWith("<p>", Normalizer.Clean(plain, Base, limits).Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a b", "a b")]
    [InlineData("  a  b  ", "a b")]
    [InlineData("a\u00A0\tb\n", "a b")]
    [InlineData("a\u0001b", "a b")]
    [InlineData("   ", "")]
    [InlineData("", "")]
    public void CollapsingWhitespaceLeavesSingleSpacesBetweenWords(string value, string expected)
    {
        Assert.Equal(expected, PlainText.CollapseWhitespace(value));
    }

    [Theory]
    [InlineData("Title", "Body text")]
    [InlineData("  MIXED Case\tTitle ", " Some\u00A0TEXT\n\nwith  gaps ")]
    [InlineData("İstanbul ΣΊΣΥΦΟΣ", "𐐀 Deseret and Straße")]
    [InlineData("", "")]
    public void ContentHashIsTheDigestOfTheCollapsedLowerCasedTitleAndText(string title, string text)
    {
        // Stored hashes must keep matching re-fetched items, so the digest's definition is pinned here.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            PlainText.CollapseWhitespace(title).ToLowerInvariant() + "\n" + PlainText.CollapseWhitespace(text).ToLowerInvariant())))[..32];
        Assert.Equal(expected, ArticleNormalizer.ContentHash(title, text));
    }

    [Theory]
    [InlineData("https://Example.COM:443/a/b?utm_source=x&id=3&utm_medium=rss&fbclid=abc#frag", "https://example.com/a/b?id=3")]
    [InlineData("https://example.com/a?gclid=1&mc_cid=2&mc_eid=3&ref_src=twsrc", "https://example.com/a")]
    [InlineData("http://example.com:8080/x?q=1", "http://example.com:8080/x?q=1")]
    [InlineData("ftp://example.com/x", null)]
    [InlineData("/relative/only", null)]
    public void CanonicalUrlsDropTrackingParametersFragmentsAndDefaultPorts(string url, string? expected)
    {
        Assert.Equal(expected, UrlCleaner.Canonicalize(url));
    }

    [Fact]
    public void ItemWithoutIdOrDateGetsAStableGuidAndTheFetchTime()
    {
        var fetched = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var feed = new ParsedFeed { Format = FeedFormat.Rss20, SiteUrl = "https://news.example.com/", Items = [] };
        var item = new ParsedItem { Title = "No id here", Link = "https://news.example.com/a?utm_campaign=x" };

        var first = Normalizer.Normalize(item, feed, null, fetched);
        var again = Normalizer.Normalize(item, feed, null, fetched.AddHours(3));

        Assert.Equal("https://news.example.com/a", first.Guid);
        Assert.Equal(first.Guid, again.Guid);
        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.False(first.HasDate);
        Assert.Equal(fetched, first.PublishedAt);

        var noLink = Normalizer.Normalize(new ParsedItem { Title = "Neither id nor link" }, feed, null, fetched);
        Assert.Equal(noLink.Guid, Normalizer.Normalize(new ParsedItem { Title = "Neither id nor link" }, feed, null, fetched).Guid);
        Assert.Equal("https://news.example.com/", noLink.Url);
        Assert.False(noLink.HasOwnUrl);
    }

    [Fact]
    public void LongBodiesAreCapped()
    {
        var normalizer = new ArticleNormalizer(Options.Create(new FeedProcessingOptions { MaxTextLength = 500 }));
        var feed = new ParsedFeed { Format = FeedFormat.Rss20, Items = [] };
        var item = new ParsedItem { Title = "Long", Link = "https://x.example/long", Html = "<p>" + string.Join(' ', Enumerable.Repeat("word", 2000)) + "</p>" };
        var article = normalizer.Normalize(item, feed, null, DateTimeOffset.UnixEpoch.AddYears(56));
        Assert.True(article.Text.Length <= 500);
    }

    [Fact]
    public void SanitizerIsSafeToShareAcrossThreads()
    {
        var results = new string?[200];
        Parallel.For(0, results.Length, i => results[i] = Normalizer.Clean($"<p>n{i}<script>x</script><a href=\"/p/{i}\">l</a></p>", Base, Limits).Html);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"<p>n{i}<a href=\"https://news.example.com/p/{i}\" rel=\"nofollow noopener noreferrer\">l</a></p>", results[i]);
        }
    }
    /// <summary>The parser as it is without leaving anything out: the reference the lean parse must match.</summary>
    private static HtmlParser FullParser() => new(new HtmlParserOptions { IsScripting = false });

    [Theory]
    [InlineData("<p>a<!-- hidden --> b<!--[if IE]><p>old</p><![endif]--></p><!doctype x><?php echo 1; ?>")]
    [InlineData("<p>x<script>var s = '<p>not text</p>';</script>y<style>p { color: red } </style>z</p>")]
    [InlineData("<xmp><b>raw</b></xmp><iframe src=x>inside <b>frame</b></iframe><noembed><i>n</i></noembed><noframes>f</noframes>")]
    [InlineData("<noscript><p>shown without scripts</p></noscript><textarea>t &amp; <b>u</b></textarea><title>in body</title>")]
    [InlineData("<P CLASS=lead STYLE=\"color:red\" ID=x Data-Track=1 OnClick=\"go()\" LANG=fr DIR=rtl TITLE=T>Upper</P>")]
    [InlineData("<a href=\"javascript:alert(1)\" HREF=\"https://ok.example/\">dup</a><a hReF=/rel?utm_source=x title=t>rel</a>")]
    [InlineData("<img src=\"https://img.example/a.jpg\" srcset=\"a 1x, b 2x\" width=1 height=\"1px\" alt=a loading=eager><img SRC=/b.png ALT=b>")]
    [InlineData("<svg viewBox=\"0 0 1 1\"><style>x</style><a xlink:href=\"javascript:x\">s</a></svg><math><mi>m</mi></math>after")]
    [InlineData("<table><tr><td colspan=2 rowspan=3 bgcolor=red>c<!--c--></td></tr></table><blockquote cite=\"/q\">q</blockquote>")]
    [InlineData("<plaintext><b>rest is text</b>")]
    [InlineData("<div><time datetime=2026-01-01 pubdate>t</time><span style=\"x\" class=y>s</span><font face=x>f</font></div>")]
    [InlineData("<p>unclosed <b>bold <i>both</b> italic</i><br/>&amp; &lt;tag&gt; &nbsp;&copy;</p>")]
    public void TheLeanParseSanitizesExactlyLikeAFullParse(string html)
    {
        Assert.Equal(Normalizer.CleanMarkup(html, Base, Limits, FullParser()), Normalizer.CleanMarkup(html, Base, Limits));
    }

    [Fact]
    public void TheLeanParseSanitizesEveryCorpusBodyExactlyLikeAFullParse()
    {
        // Real feeds carry every kind of markup the crafted cases may have missed.
        var parser = new FeedParser(Options.Create(new FeedProcessingOptions { MaxItemsPerFetch = 10_000 }));
        var full = FullParser();
        var compared = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(Paths.Shared, "corpus", "feeds"), "*", SearchOption.AllDirectories))
        {
            ParsedFeed feed;
            try
            {
                feed = parser.Parse(File.ReadAllBytes(file), null, null);
            }
            catch (FeedParseException)
            {
                continue;
            }

            foreach (var html in feed.Items.Select(i => i.Html).Where(h => h is not null && h.AsSpan().IndexOfAny('<', '&') >= 0))
            {
                Assert.Equal(Normalizer.CleanMarkup(html!, Base, Limits, full), Normalizer.CleanMarkup(html!, Base, Limits));
                compared++;
            }
        }

        Assert.True(compared > 1_000, $"only {compared} bodies with markup");
    }
}

