using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Tests.Clustering.Engine;

// A recurring series (a daily briefing, a market column) heads its items with its own name day after day; its items
// are digests, not reports, and stand alone rather than join the story they mention first.
public class SeriesTests
{
    [Theory]
    [InlineData("Ukraine war briefing: Kyiv escalates drone attacks", "ukraine war briefing")]
    [InlineData("Stock Market Today:  Dow  Jumps after the Fed's cut", "stock market today")]
    [InlineData("CES 2026: the laptops so far", "ces 2026")]
    [InlineData("Pluralistic | Writing vs AI (07 Jan 2026)", "pluralistic")]
    [InlineData("Exclusive: Acme weighs a sale of its chip unit", null)]
    [InlineData("Breaking News: storm closes the port", null)]
    [InlineData("Sources: Rovers agree a fee for the striker", null)]
    [InlineData("Fact Sheet: the President signs an order on drone imports", null)]
    [InlineData("Starmer: 'We will act on the chatbot's images'", null)]
    [InlineData("Zelenskyy: “Ukraine is 10% away from peace”", null)]
    [InlineData("Acme recalls 40,000 chargers over a shock risk", null)]
    [InlineData("2026: a year in numbers", null)]
    [InlineData("A headline whose colon comes far too late to head it with a name: the rest", null)]
    [InlineData("", null)]
    public void TellsTheNameAHeadlineIsHeadedWith(string headline, string? expected) =>
        Assert.Equal(expected, NonStory.SeriesPrefix(headline));

    [Fact]
    public void AnOutletsPrefixOnAThirdDayNamesASeries()
    {
        var memory = new SeriesMemory();
        var briefing = new SeriesKey("herald", "harbour briefing");

        Assert.False(memory.Learn(briefing, "herald", Day(1)));
        Assert.False(memory.Learn(briefing, "herald", Day(1).AddHours(5)));
        Assert.False(memory.Learn(briefing, "herald", Day(2)));
        Assert.True(memory.Learn(briefing, "herald", Day(3)));
        Assert.True(memory.Learn(briefing, "herald", Day(4)));
    }

    [Fact]
    public void APrefixManyFeedsUseIsAnEventsLabelAndDaysLongAgoAreForgotten()
    {
        var memory = new SeriesMemory();
        var show = "expo 2026";
        for (var day = 1; day <= 4; day++)
        {
            memory.Learn(new SeriesKey("verge", show), "verge", Day(day));
            memory.Learn(new SeriesKey("engadget", show), "engadget", Day(day));
            memory.Learn(new SeriesKey("wired", show), "wired", Day(day));
        }

        Assert.False(memory.Learn(new SeriesKey("verge", show), "verge", Day(5)));

        var column = new SeriesKey("herald", "country diary");
        memory.Learn(column, "herald", Day(1));
        memory.Learn(column, "herald", Day(2));
        Assert.False(memory.Learn(column, "herald", Day(60)));
        Assert.False(memory.Learn(new SeriesKey("herald", "undated"), "herald", null));
        Assert.False(memory.Learn(null, "herald", Day(61)));
    }

    [Fact]
    public void AFeedThatHeadsEveryItemDifferentlyDoesNotGrowTheMemoryWithoutBound()
    {
        var overDays = new SeriesMemory();
        var inOneDay = new SeriesMemory();
        for (var i = 0; i < 2 * SeriesMemory.MaxPrefixes; i++)
        {
            overDays.Learn(new SeriesKey("spam", "offer " + i), "spam", Day(1).AddDays(i / 1000));
            inOneDay.Learn(new SeriesKey("spam", "offer " + i), "spam", Day(1));
        }

        Assert.True(overDays.Count <= SeriesMemory.MaxPrefixes, $"{overDays.Count} prefixes remembered");
        Assert.True(inOneDay.Count <= SeriesMemory.MaxPrefixes, $"{inOneDay.Count} prefixes remembered");
    }

    [Fact]
    public void ADailyBriefingStandsApartFromTheStoryItLeadsWith()
    {
        // A paper's harbour briefing on three mornings; on the third it leads with the ferry strike four outlets report.
        ClusterInput[][] stream = [EngineRuns.Noise(1000, Day(1), 11), [Briefing(1, "Council delays the vote on the new marina", "The council postponed its vote on the marina plans until March; the harbour master retires after thirty years; tide tables change with the new buoys.")],
            [Briefing(2, "Fishing fleet lands a record catch of sprat", "Trawlers landed a record catch of sprat at the harbour on Tuesday; the marina vote is set for March; a new cafe opens on the quay.")],
            Strike(Day(3)), [Briefing(3, "Ferry crews strike at Velden port", "Ferry crews at Velden port walked out on Wednesday in a dispute over night-shift pay, stranding passengers on both crossings; the union said the strike would last 48 hours. Also: the sprat catch keeps rising, and the marina vote moves to April.")]];

        var apart = EngineRuns.SettledTopics(new StoryClustererOptions(), stream);
        var joined = EngineRuns.SettledTopics(new StoryClustererOptions { KeepNonStoriesApart = false }, stream);

        Assert.Single(StrikeIds.Select(id => apart[id]).Distinct());
        Assert.NotEqual(apart["k1"], apart["brief3"]);
        Assert.Equal(joined["k1"], joined["brief3"]);
    }

    private static readonly string[] StrikeIds = ["k1", "k2", "k3", "k4"];

    private static DateTimeOffset Day(int day) => new DateTimeOffset(2026, 3, 1, 6, 0, 0, TimeSpan.Zero).AddDays(day);

    private static ClusterInput Briefing(int day, string lead, string text) =>
        new("brief" + day, "Harbour briefing: " + lead, text, null, "herald", Day(day).AddHours(4));

    private static ClusterInput[] Strike(DateTimeOffset at) =>
    [
        new("k1", "Ferry crews walk out at Velden port over night-shift pay",
            "Ferry crews at Velden port went on strike on Wednesday in a dispute over night-shift pay, stranding hundreds of passengers on both crossings. The union said the walkout would last 48 hours.",
            null, "reuters", at),
        new("k2", "Velden ferry strike strands hundreds of passengers",
            "Hundreds of passengers were stranded at Velden port after ferry crews walked out over night-shift pay. Both crossings are cancelled for 48 hours, the operator said.",
            null, "bbc", at.AddMinutes(20)),
        new("k3", "Union says the Velden ferry strike will last two days",
            "The ferry crews' union said its 48-hour strike at Velden port over night-shift pay would go ahead unless the operator improved its offer. Both crossings are cancelled.",
            null, "guardian", at.AddMinutes(40)),
        new("k4", "Velden port ferries halted as crews strike over pay",
            "No ferries left Velden port on Wednesday as crews struck over night-shift pay; the operator cancelled both crossings for 48 hours and offered refunds to stranded passengers.",
            null, "apnews", at.AddMinutes(60)),
    ];
}
