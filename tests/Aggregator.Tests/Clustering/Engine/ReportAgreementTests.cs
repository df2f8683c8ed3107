using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

// A topic takes in an article only when it says what one of the story's agreeing reports says (decision 0026), not
// merely when it shares the story's field words with all of them: a border agent's shooting of a driver and, the same
// evening, the border agency's phone-tracking tool share the agency, the city and the raids.
public class ReportAgreementTests
{
    [Fact]
    public void ANeighbouringEventThatOnlySharesTheStorysFieldStaysApart()
    {
        ClusterInput[][] stream = [EngineRuns.Noise(1000, Start.AddHours(-1), 7), Shooting(Start), [Tracker(Start.AddHours(3))]];

        var apart = EngineRuns.SettledTopics(new StoryClustererOptions(), stream);
        var drawnIn = EngineRuns.SettledTopics(new StoryClustererOptions { ReportAgreement = 0 }, stream);

        var story = ShootingIds.Select(id => apart[id]).Distinct().ToList();
        Assert.Single(story);
        Assert.NotEqual(story[0], apart["t1"]);
        Assert.Equal(drawnIn["r1"], drawnIn["t1"]);
    }

    [Fact]
    public void AFollowUpThatSaysWhatAReportSaidJoinsTheStory()
    {
        ClusterInput[][] stream = [EngineRuns.Noise(1000, Start.AddHours(-1), 7), Shooting(Start), [FollowUp(Start.AddHours(3))]];

        var topics = EngineRuns.SettledTopics(new StoryClustererOptions(), stream);

        Assert.Single(ShootingIds.Append("u1").Select(id => topics[id]).Distinct());
    }

    [Fact]
    public void CoreAgreesWithAReportOnlyWhenOneReportAloneReachesTheBar()
    {
        var vocabulary = new Vocabulary(new StoryClustererOptions());
        var core = new StoryCore();
        foreach (var report in Shooting(Start))
        {
            core.Add(report.Id, report.Published!.Value.UtcTicks, EngineRuns.Vector(vocabulary, report));
        }

        var tracker = EngineRuns.Vector(vocabulary, Tracker(Start));
        var followUp = EngineRuns.Vector(vocabulary, FollowUp(Start));

        Assert.False(core.AgreesWithAReport(tracker, 0.22), $"tracker, core cosine {core.Cosine(tracker):0.000}");
        Assert.True(core.AgreesWithAReport(followUp, 0.22));
        Assert.True(core.AgreesWithAReport(tracker, 0.1));
    }

    // The evening of the shooting.
    private static readonly DateTimeOffset Start = new(2026, 1, 7, 16, 0, 0, TimeSpan.Zero);

    private static readonly string[] ShootingIds = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"];

    private static ClusterInput[] Shooting(DateTimeOffset at) =>
    [
        new("r1", "Border agent shoots and kills a driver during an immigration raid in Velden",
            "A federal border agent shot and killed a woman in her car during an immigration raid in Velden on Tuesday morning, the city's police chief said. Witnesses said the agent fired three times as the car pulled away. Paramedics reached the scene on Alder Street within minutes but could not revive her, and a crowd gathered behind the tape until noon.",
            null, "reuters", at),
        new("r2", "Velden mayor demands answers after a border agent kills a driver",
            "The mayor of Velden called the shooting of a woman in her car by a federal border agent unjustified and asked the agency to release its body camera footage of the immigration raid. Councillors scheduled an emergency session for Thursday, and the school district kept pupils indoors during the lunch break.",
            null, "apnews", at.AddMinutes(20)),
        new("r3", "Video shows the border agent firing into the car in Velden",
            "Footage filmed by a neighbour shows the agent firing three shots into the driver's window as the car moves off, contradicting the agency's account that she tried to run agents over during the raid. Forensic analysts who reviewed the clip frame by frame said the wheels were turned away from the officers.",
            null, "nyt", at.AddMinutes(40)),
        new("r4", "Hundreds protest in Velden after the border agent's shooting of a driver",
            "Hundreds marched to the federal building in Velden on Tuesday night to protest the killing of the woman shot in her car by a border agent, and called for immigration raids in the city to stop. Marchers carried candles and banners, a brass band played, and the vigil ended peacefully shortly before midnight.",
            null, "guardian", at.AddMinutes(60)),
        new("r5", "Police in Velden open their own inquiry into the border agent's shooting",
            "Velden police said they would investigate the killing of the driver themselves after the federal agency refused to share evidence from the immigration raid with state prosecutors. Detectives canvassed the neighbours on Alder Street and asked shop owners for their doorbell recordings.",
            null, "bbc", at.AddMinutes(80)),
        new("r6", "Who was the driver shot by a border agent in Velden?",
            "The woman killed in her car by a federal border agent during Tuesday's raid in Velden was a 37-year-old nurse and mother of two, her family said. Colleagues at the children's hospital described her as cheerful and devoted, and a fundraiser for her sons raised thousands overnight.",
            null, "wapo", at.AddMinutes(100)),
        new("r7", "Agency defends the border agent who shot a Velden driver",
            "The border agency said its agent fired in self-defence when the driver accelerated towards officers during an immigration operation in Velden, an account that video from the scene disputes. A spokesman declined to say whether the officer had been involved in earlier incidents or how long he had served.",
            null, "cnn", at.AddMinutes(120)),
        new("r8", "Governor calls the Velden shooting by a border agent a crime",
            "The state's governor said the border agent who killed a driver in Velden should face charges and ordered state troopers to document federal immigration raids in the city. Lawmakers from both parties asked for hearings, and the attorney general said a grand jury could be convened within weeks.",
            null, "nbc", at.AddMinutes(140)),
    ];

    // Another event of the same agency and city: its words meet the story's field, not what any report of it says.
    private static ClusterInput Tracker(DateTimeOffset at) =>
        new("t1", "Border agency buys a tool to track every phone in a neighbourhood",
            "The agency can now follow the phones of a whole neighbourhood, records show: it bought the tracking tool last year and has used it in Velden and other cities without a warrant.",
            null, "404media", at);

    private static ClusterInput FollowUp(DateTimeOffset at) =>
        new("u1", "Border agent who shot the Velden driver is put on leave",
            "The federal border agent who shot and killed a woman in her car during the immigration raid in Velden has been put on leave while prosecutors review the footage of the shooting, the agency said.",
            null, "politico", at);
}
