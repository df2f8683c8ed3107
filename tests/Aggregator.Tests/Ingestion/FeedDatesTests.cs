using System.Globalization;
using System.Text;
using Aggregator.Web.Ingestion;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Ingestion;

/// <summary>Every date form feeds use, each with the instant it means; the same forms read from RSS and Atom.</summary>
public class FeedDatesTests
{
    private static readonly FeedParser Parser = new(Options.Create(new FeedProcessingOptions()));

    public static TheoryData<string, string> Forms => new()
    {
        // RFC 822 and its relatives.
        { "Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 UT", "2004-01-01T19:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 Z", "2004-01-01T19:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 Etc/GMT", "2004-01-01T19:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 EST", "2004-01-02T00:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 EDT", "2004-01-01T23:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 ET", "2004-01-02T00:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 CST", "2004-01-02T01:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 CDT", "2004-01-02T00:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 CT", "2004-01-02T01:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 MST", "2004-01-02T02:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 MT", "2004-01-02T02:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 PST", "2004-01-02T03:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 PDT", "2004-01-02T02:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 PT", "2004-01-02T03:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 AT", "2004-01-01T23:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 +0100", "2004-01-01T18:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 -05:00", "2004-01-02T00:48:21Z" },
        { "Thu, 01 Jan 2004 19:48:21 GMT+0100", "2004-01-01T18:48:21Z" },
        { "Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z" },
        { "Thu, 01 Jan 2004 19:48 GMT", "2004-01-01T19:48:00Z" },
        { "01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
        { "Thu,01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
        { "Thursday, 1 January 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
        { "Thu, 01 Jan 2004", "2004-01-01T00:00:00Z" },
        { "Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z" },
        { "Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z" },
        { "Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33Z" },
        { "mar, 15 nov 2022 00:38:15 +0100", "2022-11-14T23:38:15Z" },
        // ISO 8601 and W3C-DTF, every date shape.
        { "2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z" },
        { "2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z" },
        { "2003-12-31T10:14:55.5+01:00", "2003-12-31T09:14:55.5Z" },
        { "2003-12-31T10:14Z", "2003-12-31T10:14:00Z" },
        { "2003-12-31t10:14:55z", "2003-12-31T10:14:55Z" },
        { "2003-12-31", "2003-12-31T00:00:00Z" },
        { "20031231", "2003-12-31T00:00:00Z" },
        { "20031231T101455Z", "2003-12-31T10:14:55Z" },
        { "2003-12", "2003-12-01T00:00:00Z" },
        { "2003", "2003-01-01T00:00:00Z" },
        { "031231", "2003-12-31T00:00:00Z" },
        { "03-12-31", "2003-12-31T00:00:00Z" },
        { "2003-335", "2003-12-01T00:00:00Z" },
        { "2003335", "2003-12-01T00:00:00Z" },
        { "03335", "2003-12-01T00:00:00Z" },
        { "2003-012-31", "2003-12-31T00:00:00Z" },
        { "2004-07-08 23:56:58.0", "2004-07-08T23:56:58Z" },
        { "2004-07-08 23:56:58 -07:00", "2004-07-09T06:56:58Z" },
        // Korean, Greek and Hungarian forms.
        { "2004년 05월 28일  01:31:15", "2004-05-27T16:31:15Z" },
        { "2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z" },
        { "2004-05-25 오전 11:23:17", "2004-05-25T02:23:17Z" },
        { "Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z" },
        { "2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z" },
        // Unix seconds.
        { "1518478934", "2018-02-12T23:42:14Z" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void ReadsEveryFormWithItsZone(string written, string expected)
    {
        Assert.Equal(Instant(expected), FeedDates.Parse(written));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void ReadsEveryFormFromRssAndAtom(string written, string expected)
    {
        var rss = Parse($"<rss version=\"2.0\"><channel><title>T</title><item><title>i</title><pubDate>{written}</pubDate></item></channel></rss>");
        var atom = Parse($"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><id>1</id><title>i</title><updated>{written}</updated></entry></feed>");
        Assert.Equal(Instant(expected), rss.Items[0].PublishedAt);
        Assert.Equal(Instant(expected), atom.Items[0].PublishedAt);
        Assert.Equal(Instant(expected), atom.Items[0].UpdatedAt);
    }

    [Theory]
    [InlineData("2003-12-31T10:14:55+zz:00")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 +zz00")]
    [InlineData("Thu, 31 Jun 2004 19:48:21 GMT")]
    [InlineData("2003-13-01")]
    [InlineData("2003-12-31T25:00:00Z")]
    [InlineData("not a date")]
    public void AnUnreadableZoneOrDayGivesNoDateRatherThanAWrongOne(string written)
    {
        Assert.Null(FeedDates.Parse(written));
    }

    [Fact]
    public void ARepeatedUpdatedKeepsTheLastValue()
    {
        var atom = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
              <entry><id>1</id><title>i</title><updated>2004-01-01T00:00:00Z</updated><updated>2004-02-02T00:00:00Z</updated></entry>
            </feed>
            """);
        Assert.Equal(Instant("2004-02-02T00:00:00Z"), atom.Items[0].UpdatedAt);
        Assert.Equal(Instant("2004-02-02T00:00:00Z"), atom.Items[0].PublishedAt);
    }

    private static ParsedFeed Parse(string xml) => Parser.Parse(Encoding.UTF8.GetBytes(xml), null, null);

    private static DateTimeOffset Instant(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
