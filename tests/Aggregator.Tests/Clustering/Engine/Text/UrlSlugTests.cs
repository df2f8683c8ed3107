using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Tests.Clustering.Engine.Text;

public class UrlSlugTests
{
    [Theory]
    [InlineData("http://www.theregister.co.uk/2014/03/10/mtgox_files_bankruptcy_us_1million_bitcoins_say_hackers/", "mtgox files bankruptcy us bitcoins say hackers")]
    [InlineData("https://www.geekwire.com/2014/richard-sherman-titanfall/", "richard sherman titanfall")]
    [InlineData("https://example.com/tech/Apple-releases-iOS-7-1/articleshow/31804455.cms?utm_source=rss", "apple releases ios")]
    [InlineData("https://example.com/news/caf%C3%A9-owners-protest.html", "café owners protest")]
    public void ReadsTheSlugsWords(string url, string expected) => Assert.Equal(expected, UrlSlug.Words(url));

    [Theory]
    [InlineData("http://www.usatoday.com/videos/money/business/2014/03/10/6252067/")]
    [InlineData("https://example.com/article.html?id=5")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData(null)]
    public void GivesNothingWithoutASlug(string? url) => Assert.Null(UrlSlug.Words(url));

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
