using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Tests.Clustering.Engine;

public class NonStoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Today's Quordle Hints and Answers for Tuesday, March 3", true)]
    [InlineData("Wordle today: the answer for March 4, 2026", true)]
    [InlineData("How to Watch the Lakers vs. Celtics Game Tonight", true)]
    [InlineData("Where to stream every Oscar-nominated film", true)]
    [InlineData("Your horoscope for the week ahead", true)]
    [InlineData("Acme promo codes: 20% off in March", true)]
    [InlineData("Best Robot Vacuums of 2026, Tested by Our Experts", true)]
    [InlineData("The 12 best noise-cancelling headphones", true)]
    [InlineData("Premier League Soccer: Stream Leeds vs. Wolves Live From Anywhere", true)]
    [InlineData("The 7 weirdest gadgets we've seen at the Expo so far", true)]
    [InlineData("The coolest audio gear I listened to at the Expo (including a surprise)", true)]
    [InlineData("Best of Expo 2026 awards: the winners", true)]
    [InlineData("Everything announced at the Acme keynote", true)]
    [InlineData("All the news from the biggest tech show of the year", true)]
    [InlineData("Expo 2026 live updates: TVs, glasses, robots and more", true)]
    [InlineData("Expo 2026 day 2: what caught our eye", true)]
    [InlineData("ICYMI: the week's biggest tech stories", true)]
    [InlineData("What to expect from the Acme keynote", true)]
    [InlineData("Expo 2026 live: biggest news on TVs, laptops and odd gadgets", true)]
    [InlineData("Own a smart TV? I changed these 6 settings to make it feel new", true)]
    [InlineData("14 Expo gadgets you can buy right now", true)]
    [InlineData("Wolves 118-110 Hawks (Mar 2, 2026) Game Recap - Sports Desk", true)]
    [InlineData("Rovers v United: cup third round – live", true)]
    [InlineData("Acme Robotics (YC W24) is hiring a firmware engineer", true)]
    [InlineData("It's not too late to donate to our appeal that has raised £900k for charities", true)]
    [InlineData("Our Christmas appeal: how your gifts help families this winter", true)]
    [InlineData("Appeal raises £2m for flood victims in a week", true)]
    [InlineData("Robots that do laundry, plus unrolling laptops: the standout tech from Expo 2026", true)]
    [InlineData("A toilet that tests your health, a mirror and other standout health tech at Expo 2026", true)]
    [InlineData("The biggest announcements at Expo 2026", true)]
    [InlineData("Best Robot Vacuums: Our Latest Lab Testing Reveals the Best Robots for the New Year", true)]
    [InlineData("The best concealers: eight favourites, tested", true)]
    [InlineData("How we test smart rings at Techsite in 2026", true)]
    [InlineData("How Techsite Tests Robot Vacuums", true)]
    [InlineData("Techsite's Complete Pet Tech Roundup: Every Device Pet-Approved", true)]
    [InlineData("I found the most useful travel gadgets at Expo 2026 - these are the ones I'd buy", true)]
    [InlineData("6 phone accessories I found most exciting at Expo 2026", true)]
    [InlineData("The most bizarre tech announced so far at Expo 2026", true)]
    [InlineData("All the Head-Turning Kitchen Tech I Saw at Expo 2026", true)]
    [InlineData("Databases in 2025: A Year in Review", true)]
    [InlineData("2025: The year in open models", true)]
    [InlineData("Acme VPN: 2025's milestones and the roadmap for 2026", true)]
    [InlineData("The most popular blogs of the forum in 2025", true)]
    [InlineData("The Biggest Scientific Breakthroughs Of 2025", true)]
    [InlineData("All the laptops that caught our eye at Expo 2026", true)]
    [InlineData("What surprised us the most at Expo 2026", true)]
    [InlineData("Planning to see Acme at Expo 2026? Here are the three things you don't want to miss", true)]
    [InlineData("Don't Miss The Meteor Shower Peak On Saturday Night", true)]
    [InlineData("Expo 2026: Live updates and gadget reveals during the biggest tech event of the year", true)]
    [InlineData("Techsite Podcast: Expo 2026 and the rocky year ahead for laptops", true)]
    [InlineData("The five best TVs of Expo 2026", true)]
    [InlineData("Rapid Reactions: Rovers fall to United, division decided Sunday", true)]
    [InlineData("League Week 18 playoff scenarios: what's next after the title was settled", true)]
    [InlineData("Mock Draft 2026: the playoffs have arrived", true)]
    [InlineData("Final 2025 power rankings: the Rovers are the kings", true)]
    [InlineData("Capital news at a glance: the mayor says the budget is settled", true)]
    [InlineData("January supermoon: how to see the full moon rise with Jupiter this weekend", true)]
    [InlineData("See the meteor shower peak on Saturday — when and where to look", true)]
    [InlineData("A wolf moon peaks on January 3rd - you won't want to miss it", true)]
    [InlineData("Oil price falls after the minister's remarks – business live", true)]
    [InlineData("Coalition to discuss security guarantees in Paris – Europe live", true)]
    [InlineData("President threatens the island at a meeting with oil bosses – US politics live - The Daily Ledger", true)]
    [InlineData("Police roundup of protesters draws criticism", false)]
    [InlineData("How the agency tested its new rocket engine before the launch failure", false)]
    [InlineData("Best Buy: holiday sales fell 3%", false)]
    [InlineData("Charity loses appeal over its tax ruling", false)]
    [InlineData("Court rejects the appeal of a bank's former chief over £900k fraud", false)]
    [InlineData("Acme's biggest announcements at Expo 2026", false)]
    [InlineData("Acme shows off its standout tech for car makers", false)]
    [InlineData("Dozens dead in resort fire: live updates", false)]
    [InlineData("Rovers sack their manager after cup defeat", false)]
    [InlineData("The 3 companies that control the chip supply chain", false)]
    [InlineData("Acme recalls 40,000 devices after overheating reports", false)]
    [InlineData("Everything we learned from the studio's AMA about the next game", false)]
    [InlineData("The biggest Acme announcements at Expo 2026", false)]
    [InlineData("Acme recalls 2 million robot vacuums after battery fires", false)]
    [InlineData("Regulators answer questions on the merger", false)]
    [InlineData("Best Buy reports a drop in holiday sales", false)]
    [InlineData("South Stream pipeline talks delayed", false)]
    [InlineData("Acme's speakers were some of the best of 2025, and 4 new models are coming in 2026", false)]
    [InlineData("Carmaker loses its title as the biggest seller for the second year in a row", false)]
    [InlineData("Acme's most popular phone of 2025 gets a price cut", false)]
    [InlineData("Acme sales fell 9 percent in 2025", false)]
    [InlineData("We found the suspect's car, police say", false)]
    [InlineData("Acme unveils its 2026 roadmap for AI chips", false)]
    [InlineData("Watchdog says the deal caught its eye months ago", false)]
    [InlineData("Podcast host sued over an episode about the senator", false)]
    [InlineData("New mayor to be inaugurated at city hall – live", false)]
    [InlineData("Band plays its last show live", false)]
    [InlineData("Researchers show how to spot AI images in seconds", false)]
    public void TellsServicePiecesByTheirHeadline(string title, bool expected) =>
        Assert.Equal(expected, NonStory.IsServicePiece(title));

    [Theory]
    [InlineData("Is anyone else getting worse answers from the chatbot lately?", true)]
    [InlineData("Ask HN: How do you keep up with security advisories", true)]
    [InlineData("Show HN: A tiny feed reader in one file", true)]
    [InlineData("Anyone tried the new Acme glasses", true)]
    [InlineData("Acme glasses delayed in Europe and Canada", false)]
    public void TellsDiscussionThreadsByTheirHeadline(string title, bool expected) =>
        Assert.Equal(expected, NonStory.IsDiscussion(title));

    [Theory]
    [InlineData("I mainly use the chatbot for my writing. This picture is quite nice. &#32; submitted by &#32; /u/writer [link] &#32; [comments]", true)]
    [InlineData("Aw :) submitted by /u/someone [link] [comments]", true)]
    [InlineData("I keep seeing this question. Comments URL: https://news.ycombinator.com/item?id=1 Points: 12 # Comments: 3", true)]
    [InlineData("&#32; submitted by &#32; /u/relay [link] &#32; [comments]", false)]
    [InlineData("submitted by /u/relay [link] [comments]", false)]
    [InlineData("Article URL: https://example.com/acme-recall Comments URL: https://news.ycombinator.com/item?id=2 Points: 40 # Comments: 9", false)]
    [InlineData("The state's new law lets it renew prescriptions: https://example.com/utah-ai-refills submitted by /u/relay [link] [comments]", false)]
    [InlineData("Acme is recalling two million robot vacuums after reports of battery fires, the company said.", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TellsASelfPostFromARelayedLinkByItsOwnWords(string? text, bool expected) =>
        Assert.Equal(expected, NonStory.IsSelfPost(text));

    [Fact]
    public void HostileHeadlinesAreReadInLinearTime()
    {
        // A headline is read for its genre up to the length the site stores, and its ending in one pass, so a long
        // headline of near-misses costs bounded work.
        var title = string.Concat(Enumerable.Repeat("hints hints answer? ", 20_000));

        Assert.True(NonStory.IsServicePiece(title));
        Assert.False(NonStory.IsDiscussion(title + "x"));
    }

    [Fact]
    public void PuzzleAnswersStandAloneInsteadOfGrowingATopic()
    {
        // The same service piece every day from three outlets: alike enough to make one topic of fifteen.
        var articles = Enumerable.Range(0, 15).Select(i => new ClusterInput(
            "p" + i, $"Today's Quordle hints and answers for March {2 + (i / 3)}", "Hints, clues and the solution to today's Quordle puzzle.",
            null, "outlet" + (i % 3), Start.AddDays(i / 3).AddHours(i % 3))).ToList();

        var apart = Topics(new StoryClustererOptions(), articles);
        var together = Topics(new StoryClustererOptions { KeepNonStoriesApart = false }, articles);

        Assert.Equal(15, apart.Distinct().Count());
        Assert.True(together.Distinct().Count() <= 5, $"{together.Distinct().Count()} topics without the rule");
    }

    [Fact]
    public void ACommunityQuestionStaysOutOfTheStoryWhileARelayedReportJoins()
    {
        List<ClusterInput> articles =
        [
            new("r1", "Acme recalls two million robot vacuums after battery fires", "Acme is recalling two million robot vacuums after reports of battery fires.", null, "wire", Start),
            new("r2", "Acme robot vacuum recall: two million units over battery fires", "The recall covers two million Acme robot vacuums with faulty batteries.", null, "daily", Start.AddHours(1)),
            new("c1", "Acme recalls two million robot vacuums after battery fires", "submitted by someone [link] [comments]", null, "forum", Start.AddHours(2), FromCommunity: true),
            new("c2", "Is my Acme robot vacuum part of the battery fires recall?", "submitted by someone else [link] [comments]", null, "forum", Start.AddHours(3), FromCommunity: true),
        ];

        var apart = Topics(new StoryClustererOptions(), articles);
        var together = Topics(new StoryClustererOptions { KeepNonStoriesApart = false }, articles);

        Assert.Equal(apart[0], apart[1]);
        Assert.Equal(apart[0], apart[2]);
        Assert.NotEqual(apart[0], apart[3]);
        Assert.Equal(together[0], together[3]);
    }

    [Fact]
    public void ASelfPostAboutAStoryStaysOutOfItWhileTheLinkToTheReportJoins()
    {
        List<ClusterInput> articles =
        [
            new("r1", "Acme recalls two million robot vacuums after battery fires", "Acme is recalling two million robot vacuums after reports of battery fires.", null, "wire", Start),
            new("r2", "Acme robot vacuum recall: two million units over battery fires", "The recall covers two million Acme robot vacuums with faulty batteries.", null, "daily", Start.AddHours(1)),
            new("c1", "Acme recalls two million robot vacuums after battery fires", "submitted by /u/relay [link] [comments]", null, "forum", Start.AddHours(2), FromCommunity: true),
            new("c2", "Acme robot vacuum battery fires recall", "Mine caught fire last year and Acme support never answered. Glad the recall of two million robot vacuums is finally here. submitted by /u/owner [link] [comments]", null, "forum", Start.AddHours(3), FromCommunity: true),
        ];

        var apart = Topics(new StoryClustererOptions(), articles);
        var together = Topics(new StoryClustererOptions { KeepNonStoriesApart = false }, articles);

        Assert.Equal(apart[0], apart[2]);
        Assert.NotEqual(apart[0], apart[3]);
        Assert.Equal(1, apart.Count(t => t == apart[3]));
        Assert.Equal(together[0], together[3]);
    }

    [Fact]
    public void TheEngineReadsAGoogleNewsItemWithoutItsListOfOtherHeadlines()
    {
        // An aggregator's item lists other outlets' headlines; some are other stories, whose words would pull the
        // item towards them.
        const string title = "Harbour fire closes the north quay for a week - Coastal Herald";
        const string list = "Harbour fire closes the north quay for a week Coastal Herald Lottery jackpot rolls over to a record River Times "
            + "What we know about the harbour fire The Daily Post View Full Coverage on Google News";
        var reader = new ArticleReader();

        var listed = reader.Read(new ClusterInput("g1", title, list, null, "aggregator", Start)).Hashes.ToArray();
        var bare = reader.Read(new ClusterInput("g1", title, null, null, "aggregator", Start)).Hashes.ToArray();

        Assert.Equal(bare.Order(), listed.Order());
    }

    [Fact]
    public void AnAggregatorsOutletCreditIsNotAWordOfTheStory()
    {
        // Two items of different stories an aggregator credits to one outlet: its name would be their heaviest shared
        // headline words. The outlet's own item, linked to its own site, keeps its title as written.
        const string link = "https://news.google.com/rss/articles/CBMiAbc?oc=5";
        var reader = new ArticleReader();

        var credited = reader.Read(new ClusterInput("g1", "Harbour fire closes the north quay - The Coastal Herald", null, link, "aggregator", Start)).Hashes.ToArray();
        var other = reader.Read(new ClusterInput("g2", "Lottery jackpot rolls over to a record - The Coastal Herald", null, link, "aggregator", Start)).Hashes.ToArray();
        var bare = reader.Read(new ClusterInput("g3", "Harbour fire closes the north quay", null, link, "aggregator", Start)).Hashes.ToArray();
        var own = reader.Read(new ClusterInput("h1", "Harbour fire closes the north quay - The Coastal Herald", null, "https://herald.example/quay-fire", "herald", Start)).Hashes.ToArray();

        Assert.Equal(bare.Order(), credited.Order());
        Assert.Empty(credited.Intersect(other));
        Assert.NotEqual(bare.Order(), own.Order());
    }

    [Fact]
    public void AnItemDaysAfterAStoryBeganNeedsACloserMatchToJoinIt()
    {
        // A launch reported on one day; a day on, a review that shares the product's name and a few words, and a
        // report of the launch that says what the story's reports say. Half a cosine a day makes the gate plain.
        List<ClusterInput> articles =
        [
            new("l1", "Acme launches the Nimbus phone with a folding screen", "Acme launched the Nimbus, a phone with a folding screen and a new chip, priced at 999 dollars.", null, "wire", Start),
            new("l2", "Acme Nimbus: a folding-screen phone launches at 999 dollars", "The Nimbus is Acme's first phone with a folding screen; it launches at 999 dollars with a new chip.", null, "daily", Start.AddHours(2)),
            new("l3", "Acme's Nimbus folding phone launches with a new chip", "Acme's folding Nimbus phone has a new chip and costs 999 dollars at launch.", null, "tech", Start.AddHours(3)),
            new("late", "Acme Nimbus review: a folding phone for a month", "A month of commutes, photos, games and battery tests in the cold with the Nimbus.", null, "reviews", Start.AddDays(1)),
            new("news", "Acme launches its Nimbus folding-screen phone at 999 dollars", "Acme's Nimbus phone with a folding screen and a new chip launched at 999 dollars.", null, "wire", Start.AddDays(1).AddHours(1)),
        ];

        var gated = Topics(new StoryClustererOptions { LateJoinPerDay = 0.5 }, articles);
        var ungated = Topics(new StoryClustererOptions { LateJoinPerDay = 0 }, articles);

        Assert.Single(gated.Take(3).Distinct());
        Assert.NotEqual(gated[0], gated[3]);
        Assert.Equal(gated[0], gated[4]);
        Assert.Equal(ungated[0], ungated[3]);
    }

    // Each article's topic after settling, merges followed.
    private static List<string> Topics(StoryClustererOptions options, List<ClusterInput> articles)
    {
        var engine = new StoryClusterer(options);
        foreach (var article in articles)
        {
            engine.Add(article);
        }

        var settled = engine.Settle().Select(a => a.TopicId).ToList();
        var merges = engine.TakeMerges().ToDictionary(m => m.FromTopicId, m => m.IntoTopicId);
        return settled.Select(id =>
        {
            while (merges.TryGetValue(id, out var into))
            {
                id = into;
            }

            return id;
        }).ToList();
    }
}
