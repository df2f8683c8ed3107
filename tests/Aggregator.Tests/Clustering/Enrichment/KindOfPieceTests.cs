using Aggregator.Web.Clustering.Enrichment;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering.Enrichment;

/// <summary>Pieces that are not reports of an event, told by their headline in any week of news, and near misses that are news.</summary>
public class KindOfPieceTests
{
    [Theory]
    [InlineData("Zeta S30 Ultra leak gives a glimpse of the new privacy screen", true)]
    [InlineData("Leak suggests the Zeta S30 may finally get faster charging", true)]
    [InlineData("Updated Zeta S30 release date confirmed in new leak", true)]
    [InlineData("Nimbus Fold leaks in first images ahead of its reveal", true)]
    [InlineData("5 key rumors about the Zeta S30", true)]
    [InlineData("Zeta S30 specs predictions: rumored specs for every model", true)]
    [InlineData("Acme's next handheld is tipped to launch in spring", true)]
    [InlineData("Football transfer rumours: Rovers to move for a new striker?", true)]
    [InlineData("Tipster reveals 10 spectacular upgrades for the Zeta S30 Ultra", true)]
    [InlineData("Zeta S30 Plus battery capacity gets outed, and it's not great news", true)]
    [InlineData("Police thank the tipster whose call led to the arrest", false)]
    [InlineData("Zeta data leak exposes the personal details of 17 million users", false)]
    [InlineData("Leaked Acme documents reveal the chatbot was allowed to flirt with children", false)]
    [InlineData("Console ROM keys leaked, making jailbreaks easier", false)]
    [InlineData("Officer's phone video of the shooting leaks to a partisan site", false)]
    [InlineData("Acme officially unveils the rumored rollable laptop", false)]
    [InlineData("No longer a rumour: Acme kills phone activation for its office suite", false)]
    [InlineData("The space station segment stopped leaking after five years", false)]
    [InlineData("Acme recalls 2 million scooters after battery fires", false)]
    public void TellsPreAnnouncementLeaksAndRumoursByTheirHeadline(string title, bool expected) =>
        Assert.Equal(expected, StoryCore.IsPreAnnouncement(title));

    [Theory]
    [InlineData("I did not expect the best sleep tracker at the Expo to be this one", true)]
    [InlineData("I tried every new Acme laptop at the Expo - these 5 stood out", true)]
    [InlineData("I've never seen a robot vacuum climb stairs like this before", true)]
    [InlineData("These are the sleekest Acme laptops I've ever seen", true)]
    [InlineData("I watched a drone carry a robot vacuum up the stairs", true)]
    [InlineData("Zeta Trifold hands-on: flexing is believing", true)]
    [InlineData("Zeta Trifold Hands On: the phone-tablet hybrid you're looking for", true)]
    [InlineData("If laptops this year are going to be as light as this, I'm excited", true)]
    [InlineData("Five Expo products I'd buy as soon as they'd take my money", true)]
    [InlineData("Expo tech you can already buy", true)]
    [InlineData("The gaming monitors that caught our eye at the Expo", true)]
    [InlineData("Desk Podcast: the Expo and the rocky year ahead for laptops", true)]
    [InlineData("The Acme Buds 3 are $50 off", true)]
    [InlineData("Save $50 on Acme Buds 3, now available for just $199.99", true)]
    [InlineData("Acme Buds 3 plummet to a record-low price again", true)]
    [InlineData("Acme releases a special edition of its earbuds: here's how to buy", true)]
    [InlineData("Acme cuts 3,000 jobs to save $50 million a year", false)]
    [InlineData("Streaming service pulls the podcast after complaints", false)]
    [InlineData("‘I'm not leaving’: the minister refuses to resign", false)]
    [InlineData("‘I saw the car coming’: witnesses describe the crash at the market", false)]
    [InlineData("'I was wrong,' says the chief executive as the bank cuts 3,000 jobs", false)]
    [InlineData("Iran says it will free detained sailors", false)]
    [InlineData("iPhone maker's shares fall after weak holiday sales", false)]
    [InlineData("Regulators hand over the merger decision to a court", false)]
    public void FirstPersonReviewsAndHandsOnsAreNotReports(string title, bool expected) =>
        Assert.Equal(expected, StoryCore.IsNotAReport(title));

    [Theory]
    [InlineData("Trump's new world order is being born – and the raid is just the start | Jane Doe", true)]
    [InlineData("Despite the president's hopes, big oil will be wary of rushing back | Nils Pratley", true)]
    [InlineData("Country diary: a wave of relief on the farm | Andrea Meanwell", true)]
    [InlineData("Long showers can cost the planet dearly | Letters", true)]
    [InlineData("A rare joy at the police station | Brief letters", true)]
    [InlineData("The Guardian view on the raid: a dangerous precedent | Editorial", true)]
    [InlineData("Poon's, London WC2: the tofu dip alone is worth a booking – restaurant review | Grace Dent on restaurants", true)]
    [InlineData("Trump: is the island next? | The Latest", false)]
    [InlineData("Judge blocks the childcare subsidy freeze | Daily Ledger", false)]
    [InlineData("Quarterly results for the club | January 2026", false)]
    [InlineData("Judge blocks the childcare subsidy freeze", false)]
    public void AHeadlineSignedByAColumnistIsAColumn(string title, bool expected)
    {
        var article = Article(Source("Daily Ledger"), title, "The piece, argued at length.", Monday);
        article.Url = "https://ledger.example/business/2026/jan/05/piece";

        Assert.Equal(expected, StoryCore.IsOpinion(article));
    }

    [Theory]
    [InlineData("https://ledger.example/commentisfree/2026/jan/05/piece", true)]
    [InlineData("https://ledger.example/Opinion/2026/01/05/piece.html", true)]
    [InlineData("https://ledger.example/news/editorials", true)]
    [InlineData("https://ledger.example/business/opinionated-gadgets/piece", false)]
    [InlineData("https://ledger.example/business/2026/jan/05/piece?section=opinion", false)]
    [InlineData("not a link", false)]
    public void APieceFiledInAnOpinionSectionIsAColumn(string url, bool expected)
    {
        var article = Article(Source("Daily Ledger"), "Judge blocks the childcare subsidy freeze", "The piece, argued at length.", Monday);
        article.Url = url;

        Assert.Equal(expected, StoryCore.IsOpinion(article));
    }

    [Fact]
    public void AnAggregatorsItemCreditedAfterAPipeIsNoColumn()
    {
        var aggregator = Source("News Search", owner: "News Search");
        var item = Article(aggregator, "Judge blocks the childcare subsidy freeze | Jane Doe", null, Monday);
        item.Url = "https://news.google.com/rss/articles/CBMiAbc?oc=5";

        Assert.False(StoryCore.IsOpinion(item));
    }
}
