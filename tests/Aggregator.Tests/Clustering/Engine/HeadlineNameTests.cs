using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

// The headline-name rules (decision 0023) through the whole engine: a maker's two launches at a show are written in the
// same minutes with the same words, and only the product each headline names tells them apart.
public class HeadlineNameTests
{
    [Fact]
    public void AReportOfAMakersOtherLaunchStaysOutOfTheFirstLaunchsCore()
    {
        // Lumora shows the Vela X7 and, minutes later, the Arden Q9. The first Arden report also mentions the Vela and
        // joins the Vela topic; the other Arden reports match the Vela core too little and found their own. With the
        // rule that first Arden report stays out of the Vela core, which then names another product than the Arden
        // core does, so the two topics do not merge. Taken into the core, it makes the Vela core's headlines name the
        // Arden Q9 too, and the Arden topic merges into the Vela one.
        ClusterInput[][] stream = [Background(ShowStream, Start.AddHours(-1), show: true), [.. Vela(Start), .. Arden(Start.AddMinutes(12), withBridge: true)]];

        var apart = EngineRuns.SettledTopics(new StoryClustererOptions(), stream);
        var fused = EngineRuns.SettledTopics(new StoryClustererOptions { NameCore = false }, stream);

        Assert.Single(VelaIds.Select(id => apart[id]).Distinct());
        Assert.Single(ArdenIds.Select(id => apart[id]).Distinct());
        Assert.NotEqual(apart["a1"], apart["b2"]);
        Assert.Single(VelaIds.Concat(ArdenIds).Append("b1").Select(id => fused[id]).Distinct());
    }

    [Fact]
    public void TwoLaunchesOfOneMakerThatGrewApartDoNotMerge()
    {
        // The Vela reports settle into a topic; half an hour later the Arden reports found one of their own (they
        // match the Vela core too little to join it). Their headlines share the maker, the show and "laptop", and
        // their cores the show's words: alike enough to merge, but each core names its own product.
        ClusterInput[][] stream = [Background(ShowStream, Start.AddHours(-1), show: true), Vela(Start), Arden(Start.AddMinutes(42), withBridge: false)];

        var apart = EngineRuns.SettledTopics(new StoryClustererOptions(), stream);
        var merged = EngineRuns.SettledTopics(new StoryClustererOptions { NameMerge = false }, stream);

        Assert.Single(VelaIds.Select(id => apart[id]).Distinct());
        Assert.Single(ArdenIds.Select(id => apart[id]).Distinct());
        Assert.NotEqual(apart["a1"], apart["b2"]);
        Assert.Single(VelaIds.Concat(ArdenIds).Select(id => merged[id]).Distinct());
    }

    [Fact]
    public void AFollowUpThatNamesTheRegulatorButKeepsNamingTheBankJoinsTheStory()
    {
        // A bank's breach, then the regulator's inquiry: the same evening, and a day on. The follow-ups name the FCA,
        // which no breach report named, but keep naming Zorbix, so they enter the story's core; the next day's
        // reports, which say more of the inquiry than of the breach, match that core closely enough to join. (Were a
        // new name enough, in a report or in a core, to name another thing, the next day's reports would make a topic
        // of their own.)
        ClusterInput[][] stream = [Background(BankStream, Start.AddHours(-1), show: false), .. Breach(Start)];

        var topics = EngineRuns.SettledTopics(new StoryClustererOptions(), stream);

        Assert.Single(stream[1..].SelectMany(batch => batch).Select(a => topics[a.Id]).Distinct());
    }

    // The evening of the show's first press day.
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 18, 0, 0, TimeSpan.Zero);

    // Enough unrelated articles that a product's name in four or five reports is rare (NameShare), while the show's
    // and the maker's names, which the show's other news and the maker's earlier news carry too, are commoner.
    private const int ShowStream = 1000;

    // The bank's name is in eight reports: a larger stream, for it to be rare too (a core's common names count for
    // nothing, and a follow-up would then keep none of the story's names).
    private const int BankStream = 1500;

    private static readonly string[] VelaIds = ["a1", "a2", "a3", "a4"];

    private static readonly string[] ArdenIds = ["b2", "b3", "b4"];

    private static ClusterInput[] Vela(DateTimeOffset at) =>
    [
        new("a1", "Lumora unveils the Vela X7, a laptop with a rollable screen, at CES 2026",
            "Lumora showed the Vela X7 at its CES 2026 press event in Las Vegas on Monday. The laptop's OLED screen rolls out from 14 to 17 inches at the press of a key, and the Vela X7 ships in June for $2,499.",
            null, "verge", at),
        new("a2", "Lumora's Vela X7 laptop rolls its screen out to 17 inches",
            "At CES 2026 in Las Vegas, Lumora's Vela X7 laptop unrolls its OLED screen from 14 to 17 inches with a motor in the hinge. Lumora says the Vela X7 ships in June for $2,499.",
            null, "cnet", at.AddMinutes(3)),
        new("a3", "Hands-on: Lumora's Vela X7 rollable laptop is the star of its CES booth",
            "We tried the Vela X7 at Lumora's CES 2026 booth in Las Vegas. The rollable OLED screen grows from 14 to 17 inches in a few seconds; the laptop ships in June for $2,499.",
            null, "zdnet", at.AddMinutes(6)),
        new("a4", "The Vela X7 is Lumora's boldest laptop yet",
            "Lumora's Vela X7, shown at CES 2026 in Las Vegas, rolls its OLED screen out from 14 to 17 inches. The rollable laptop ships in June for $2,499.",
            null, "wired", at.AddMinutes(9)),
    ];

    // withBridge: the first report also mentions the Vela X7.
    private static ClusterInput[] Arden(DateTimeOffset at, bool withBridge)
    {
        ClusterInput bridge = new("b1", "Lumora also unveils the Arden Q9 gaming laptop at CES 2026",
            "Beside the rollable Vela X7, Lumora showed the Arden Q9 at its CES 2026 press event in Las Vegas on Monday. The laptop has an OLED screen and ships in June for $1,999.",
            null, "engadget", at);
        ClusterInput[] reports =
        [
            new("b2", "Lumora's Arden Q9 gaming laptop has a 240Hz display",
                "The Arden Q9 pairs a 16-inch 240Hz display with an RTX 5080 graphics card and a vapour chamber cooler in an aluminium chassis under 2 cm thick. Lumora quotes eight hours of battery life for $1,999.",
                null, "tomsguide", at.AddMinutes(2)),
            new("b3", "Hands-on: Lumora's Arden Q9 gaming laptop at its CES booth",
                "In our first games on the Arden Q9, the RTX 5080 held high frame rates on the 240Hz display while the vapour chamber cooler kept the aluminium chassis quiet. It costs $1,999.",
                null, "pcworld", at.AddMinutes(4)),
            new("b4", "The Arden Q9 is Lumora's thinnest gaming laptop yet",
                "At under 2 cm, the Arden Q9 fits an RTX 5080 graphics card, a vapour chamber cooler and a 240Hz display into an aluminium chassis. Lumora's gaming laptop costs $1,999.",
                null, "gizmodo", at.AddMinutes(6)),
        ];
        return withBridge ? [bridge, .. reports] : reports;
    }

    // The breach, the inquiry's opening that evening, and the next day's reports of the inquiry: three batches.
    private static ClusterInput[][] Breach(DateTimeOffset at) =>
    [
        [
            new("z1", "Hackers steal the data of 3 million Zorbix customers",
                "Zorbix, the online bank, said on Monday that hackers had copied names, addresses and account numbers of 3 million customers from a server run by a supplier. Passwords and card numbers were not taken, the bank said.",
                null, "reuters", at),
            new("z2", "Online bank Zorbix confirms a data breach at a supplier",
                "Zorbix confirmed that the names, addresses and account numbers of 3 million customers were stolen in a breach at one of its suppliers. The bank said passwords and card numbers were safe and told customers to watch for phishing.",
                null, "bbc", at.AddMinutes(20)),
            new("z3", "What the Zorbix data breach means for its customers",
                "If you bank with Zorbix, hackers may hold your name, address and account number after the breach at a supplier's server. Passwords and cards are safe, but expect phishing emails that use your details.",
                null, "guardian", at.AddMinutes(45)),
            new("z4", "Account numbers of Zorbix customers stolen in a supplier breach",
                "The breach at Zorbix exposed the names, addresses and account numbers of 3 million customers, the online bank said. A supplier's server was hacked; passwords and card numbers were not stored there.",
                null, "ft", at.AddMinutes(70)),
        ],
        [
            new("i1", "Regulator FCA opens an inquiry into Zorbix over its data breach",
                "The Financial Conduct Authority has opened an inquiry into Zorbix after hackers stole customer data from a supplier's server. The regulator will examine the bank's oversight of its suppliers, and a fine of up to a tenth of turnover is possible.",
                null, "reuters", at.AddHours(8)),
            new("i2", "FCA investigates Zorbix over the data breach",
                "The FCA said its inquiry would examine how Zorbix vetted the supplier whose server was hacked and whether the bank reported the breach quickly enough. Fines for such failings can reach a tenth of turnover.",
                null, "bbc", at.AddHours(8).AddMinutes(30)),
        ],
        [
            new("i3", "FCA inquiry into Zorbix to look at the bank's oversight of suppliers",
                "The regulator's inquiry will ask how Zorbix vetted its suppliers and whether it told the FCA quickly enough, people familiar with the inquiry said. A fine of up to a tenth of turnover is possible.",
                null, "ft", at.AddDays(1)),
            new("i4", "Zorbix faces a possible fine as the FCA inquiry begins",
                "The FCA inquiry could end in a fine of up to a tenth of Zorbix's turnover if the regulator finds the bank failed to vet its suppliers or to report the breach quickly enough.",
                null, "guardian", at.AddDays(1).AddHours(1)),
        ],
    ];

    // The show's other news and the maker's earlier news.
    private static readonly (string Title, string Text)[] Show =
    [
        ("Samsung's 115-inch Micro RGB television lights each pixel with three LEDs", "Samsung opened its CES press conference with a 115-inch television lit by red, green and blue LEDs. Prices come later this year."),
        ("Laptop maker Lumora posts a record holiday quarter", "Lumora said sales of its laptops rose by a fifth over the holidays, helped by cheaper models for students, and raised its outlook for the year."),
        ("Hyundai puts the electric Atlas humanoid to work on a mock assembly line", "Boston Dynamics brought Atlas to Hyundai's CES stand, where it lifted car parts and sorted them into racks for an hour at a time."),
        ("Sony and Honda's Afeela 1 sedan is due in California this summer", "The electric sedan from the joint venture returned to CES with a release date, a subscription for its driver assistance and no word on Europe."),
        ("Withings adds a urine lab to its smart toilet sensor", "The French health company's sensor clips under the seat and now reads hydration and vitamin levels; it showed the update at CES."),
        ("Lumora hires a carmaker's interior chief as its head of design", "Lumora hired the former head of interior design at a German carmaker, who will oversee the look of its products from March."),
        ("LG's wallpaper OLED TV hangs flat at 9 mm thin", "LG's thinnest television takes its picture wirelessly from a box across the room; the company showed it at CES with a price to follow."),
        ("Nvidia's keynote turns to robots and self-driving cars", "Jensen Huang spent most of his CES keynote on models that train robots and cars in simulation, with few words about gaming chips."),
        ("Garmin brings satellite messaging to its outdoor smartwatch", "Garmin's new watch sends text messages over satellites where phones have no signal, for a monthly fee, the company said at CES."),
        ("Dreame's prototype robot vacuum climbs stairs on two legs", "Dreame's robot lifts itself from step to step to clean a whole house, though the company gave no price or date at CES."),
        ("Shoppers queue as Lumora opens its first store in London", "The store on Regent Street sells Lumora's tablets, monitors and accessories, with a repair desk on the first floor."),
        ("Workers at Lumora's Brno factory vote to strike over pay", "The union said staff at the plant, which assembles Lumora monitors for Europe, would stop work for two days next week."),
        ("Rival drops its hinge patent suit against Lumora", "The case over the design of folding hinges ended with a licence deal whose terms neither company disclosed, court papers show."),
        ("Lumora recalls 40,000 chargers over a shock risk", "Lumora is recalling chargers sold last spring after reports of cracked casings that could expose live parts."),
    ];

    // Unrelated articles of made-up words, a minute apart until the given time, each with six words of headline and
    // twenty-four of body (a stream that carries text, so cores decide joins), and the show's other news spread among
    // them.
    private static ClusterInput[] Background(int count, DateTimeOffset until, bool show)
    {
        var words = EngineRuns.Words(18);

        var every = count / Show.Length;
        return Enumerable.Range(0, count)
            .Select(i => show && i % every == every - 1 && i / every < Show.Length
                ? new ClusterInput("s" + (i / every), Show[i / every].Title, Show[i / every].Text, null, "show" + (i / every), until.AddMinutes(i - count))
                : new ClusterInput("f" + i, words(6), words(24), null, "source-f" + (i % 50), until.AddMinutes(i - count)))
            .ToArray();
    }
}
