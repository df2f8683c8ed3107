using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

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
}
