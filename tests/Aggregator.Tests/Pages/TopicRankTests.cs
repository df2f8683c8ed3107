using Aggregator.Web.Pages.Shared;

namespace Aggregator.Tests.Pages;

public class TopicRankTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 11, 0, 0, 0, TimeSpan.Zero);

    private static List<string> Order(params RankKey[] keys) => [.. keys.Ranked(k => k, Now).Select(k => k.Id)];

    [Fact]
    public void AFreshOneOutOfFiveNeverOutranksAStoryOfTheLastThreeDays()
    {
        var order = Order(
            new RankKey("chatter", 1, Now.AddMinutes(-10), false, false),
            new RankKey("story", 2, Now.AddDays(-2.5), false, false),
            new RankKey("older story", 2, Now.AddDays(-3.5), false, false));

        Assert.Equal(["story", "chatter", "older story"], order);
    }

    [Fact]
    public void AFreshStoryStillOutranksAnOlderMoreImportantOne()
    {
        var order = Order(
            new RankKey("two days old", 4, Now.AddDays(-2), false, false),
            new RankKey("fresh", 3, Now.AddHours(-2), false, false));

        Assert.Equal(["fresh", "two days old"], order);
    }
}
