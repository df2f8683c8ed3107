using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

public class UrlSlugTests
{
    [Theory]
    [InlineData("http://www.example.com/2014/03/10/mtgox-files-bankruptcy-us/", "mtgox files bankruptcy us")]
    [InlineData("https://example.com/news/Apple_Unveils-iPhone.html?x=1#top", "apple unveils iphone")]
    [InlineData("https://example.com/story-12345-abc1/", "story")]
    [InlineData("https://example.com/caf%C3%A9-opens-t%C3%B4t", "café opens tôt")]
    [InlineData("https://example.com/ÉCOLE-Fermée", "école fermée")]
    [InlineData("https://example.com/a/b/../fed-raises,rates+today", "fed raises rates today")]
    [InlineData("http://www.latimes.com/business/la-fi-mo-fed-20140310,0,1312750.story\\?track=rss", "la fi mo fed")]
    public void TakesTheWordsOfTheSlug(string url, string words)
    {
        Assert.Equal(words, UrlSlug.Words(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/path-with-words")]
    [InlineData("not a url")]
    [InlineData("https://example.com/business/2014/")]
    [InlineData("https://example.com/")]
    public void HasNoWordsWithoutASlug(string? url)
    {
        Assert.Null(UrlSlug.Words(url));
    }

    [Theory]
    [InlineData("https://www.example.com/2014/03/10/mtgox-files-bankruptcy-us/", true)]
    [InlineData("http://news.example.co.uk/world/fed_raises-rates.html?utm=rss&x=(1)#top", true)]
    [InlineData("https://example.com", true)]
    [InlineData("https://example.com?q=1", true)]
    [InlineData("https://Example.com/a-b", false)]
    [InlineData("https://example.com:8080/a-b", false)]
    [InlineData("https://user@example.com/a-b", false)]
    [InlineData("https://10.0.0.1/a-b", false)]
    [InlineData("https://-bad.example.com/a-b", false)]
    [InlineData("https://example..com/a-b", false)]
    [InlineData("https://example.com/a/../b-c", false)]
    [InlineData("https://example.com/a/./b-c", false)]
    [InlineData("https://example.com/a./b-c", false)]
    [InlineData("https://example.com/caf%C3%A9-opens", false)]
    [InlineData("https://example.com/café-opens", false)]
    [InlineData("https://example.com/a b-c", false)]
    [InlineData("https://example.com/a\\b-c", false)]
    [InlineData("https://example.com/a-b?q=%zz", false)]
    [InlineData("HTTP://example.com/a-b", false)]
    [InlineData("ftp://example.com/a-b", false)]
    public void ReadsOnlyPlainAddressesWithoutUri(string url, bool plain)
    {
        Assert.Equal(plain, UrlSlug.TryPlainPath(url, out _, out _));
        Assert.Equal(UrlSlug.ViaUri(url), UrlSlug.Words(url));
    }

    [Fact]
    public async Task ReadsRealAddressesAsUriDoes()
    {
        var lines = await ClusterFile.ReadAsync(Path.Combine(Paths.Shared, "data", "clustering", "uci-2014-03.jsonl"), requireStory: false, CancellationToken.None);
        var urls = lines.Select(l => l.Url).OfType<string>().ToList();

        Assert.True(urls.Count(u => UrlSlug.TryPlainPath(u, out _, out _)) > urls.Count / 2);
        Assert.All(urls, url => Assert.Equal(UrlSlug.ViaUri(url), UrlSlug.Words(url)));
    }

    [Fact]
    public void KeepsAtMostSixteenWordsOfALongPath()
    {
        var url = "https://example.com/" + string.Join('-', Enumerable.Range(0, 80).Select(i => "word" + (char)('a' + (i % 26))));

        var words = UrlSlug.Words(url)!.Split(' ');

        Assert.Equal(16, words.Length);
        Assert.Equal("worda", words[0]);
        Assert.Equal("wordp", words[15]);
    }
}
