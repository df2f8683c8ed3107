using System.Text;
using Aggregator.Web.Ingestion;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Ingestion;

/// <summary>Feeds whose bytes do not say, or say wrongly, how they are encoded.</summary>
public class EncodingTests
{
    private static readonly FeedParser Parser = new(Options.Create(new FeedProcessingOptions()));

    static EncodingTests() => FeedDecoder.EnsureRegistered();

    private static string Feed(string title, string body) =>
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Legacy</title><link>https://legacy.example/</link>" +
        $"<item><title>{title}</title><link>https://legacy.example/1</link><description>{body}</description></item>" +
        $"<item><title>{body}</title><link>https://legacy.example/2</link><description>{title} {body}</description></item>" +
        "</channel></rss>";

    [Theory]
    [InlineData("big5", "台北市政府宣布新的捷運路線", "台北市政府今天宣布，新的捷運路線將於明年開始營運，預計每天可以載運十萬名乘客，並且減少市區的交通壅塞。")]
    [InlineData("gb2312", "北京市政府宣布新的地铁线路", "北京市政府今天宣布，新的地铁线路将于明年开始运营，预计每天可以运送十万名乘客，并且减少市区的交通拥堵。")]
    [InlineData("euc-jp", "東京都が新しい地下鉄の路線を発表", "東京都は今日、新しい地下鉄の路線が来年から営業を開始すると発表しました。毎日十万人の乗客を運ぶ予定です。")]
    [InlineData("shift_jis", "東京都が新しい地下鉄の路線を発表", "東京都は今日、新しい地下鉄の路線が来年から営業を開始すると発表しました。毎日十万人の乗客を運ぶ予定です。")]
    [InlineData("euc-kr", "서울시 새 지하철 노선 발표", "서울시는 오늘 새로운 지하철 노선이 내년부터 운행을 시작한다고 발표했습니다. 매일 십만 명의 승객을 수송할 예정입니다.")]
    [InlineData("koi8-r", "Москва открывает новую линию метро", "Правительство Москвы сегодня объявило, что новая линия метро начнёт работу в следующем году и будет перевозить сто тысяч пассажиров в день.")]
    public void DetectsAnUndeclaredLegacyEncodingFromTheBytes(string charset, string title, string body)
    {
        var bytes = Encoding.GetEncoding(charset).GetBytes(Feed(title, body));
        var feed = Parser.Parse(bytes, "application/rss+xml", null);
        Assert.Equal(title, feed.Items[0].Title);
        Assert.Equal(body, feed.Items[0].Html);
    }

    [Fact]
    public void ADeclaredCharsetStillWinsOverDetection()
    {
        var bytes = Encoding.GetEncoding("windows-1251").GetBytes(Feed("Привет", "Короткий текст"));
        Assert.Equal("Привет", Parser.Parse(bytes, "text/xml; charset=windows-1251", null).Items[0].Title);
    }

    [Fact]
    public void RepairsWindows1252BytesInsideUtf8()
    {
        var parts = Encoding.UTF8.GetBytes(Feed("Café owners say |", "A naïve résumé")).ToList();
        var marker = parts.IndexOf((byte)'|');
        parts.RemoveAt(marker);
        parts.InsertRange(marker, [0x93, (byte)'w', (byte)'e', (byte)' ', (byte)'d', (byte)'o', (byte)'n', 0x92, (byte)'t', 0x94]);
        var bytes = parts.ToArray();
        var title = Parser.Parse(bytes, null, null).Items[0].Title;
        Assert.Equal("Café owners say \u201Cwe don\u2019t\u201D", title);
    }

    [Fact]
    public void RepairsDoubleEncodedUtf8()
    {
        var doubled = Encoding.GetEncoding(1252).GetString(Encoding.UTF8.GetBytes("Wait for it… “café” — naïve"));
        var feed = Parser.Parse(Encoding.UTF8.GetBytes(Feed(doubled, "Plain body")), null, null);
        Assert.Equal("Wait for it… “café” — naïve", feed.Items[0].Title);
    }

    [Fact]
    public void LeavesGenuineAccentsAlone()
    {
        const string text = "Ça coûte 5 € à Zürich — São Paulo, Ærø, Å, ©2026 Â";
        Assert.Equal(text, Parser.Parse(Encoding.UTF8.GetBytes(Feed(text, "body")), null, null).Items[0].Title);
    }

    [Fact]
    public void AcceptsUpperCaseHexadecimalCharacterReferences()
    {
        var feed = Parser.Parse(Encoding.UTF8.GetBytes(Feed("&#X41;&#x42;&#67; and &#X263A;", "body")), null, null);
        Assert.Equal("ABC and ☺", feed.Items[0].Title);
    }
}
