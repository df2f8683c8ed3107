using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering.Enrichment;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering.Enrichment;

public class TopicUpdaterTests : IClassFixture<AppFactory>
{
    private readonly AppFactory _app;

    public TopicUpdaterTests(AppFactory app) => _app = app;

    [Fact]
    public async Task LeadIsEarliestFirstPartyOrTierOneReport()
    {
        var topic = await BuildAsync(
            Article(Source("Forum", SourceKind.Community), "Someone spotted Nu", "A forum user noticed it first.", Monday),
            Article(Source("Small Blog", tier: 3), "Nu is out", "The blog covered it early.", Monday.AddMinutes(30)),
            Article(Source("Nu Labs", SourceKind.FirstParty, tier: 1, owner: "Nu"), "Introducing Nu", "Today we are introducing Nu.", Monday.AddHours(1)),
            Article(Source("Big Wire", tier: 1), "Nu launches", "Nu launched its product.", Monday.AddHours(2)));

        Assert.Equal("Introducing Nu", topic.Headline);
        Assert.Equal(topic.Articles.Single(a => a.Title == "Introducing Nu").Id, topic.LeadArticleId);
    }

    [Fact]
    public async Task AReportThatDriftedIntoTheTopicNeverLeadsIt()
    {
        var topic = await BuildAsync(
            Article(Source("Big Wire", tier: 1), "Court system's chatbot did not go smoothly", "A court tried an AI chatbot.", Monday),
            Article(Source("Tech Daily", tier: 1), "Pi launches Pi Health for medical records", "Pi Health reads medical records.", Monday.AddHours(1)),
            Article(Source("Blog A"), "Pi Health wants your medical records", "Pi Health asks for records.", Monday.AddHours(2)),
            Article(Source("Blog B"), "Should you give Pi Health your medical records?", "Think before sharing records.", Monday.AddHours(3)),
            Article(Source("Blog C"), "Pi Health: what the launch means for medical records", "The launch explained.", Monday.AddHours(4)));

        Assert.Equal("Pi launches Pi Health for medical records", topic.Headline);
    }

    [Fact]
    public async Task AStoryLeadsTheThemeItDrewIn()
    {
        // A week of chatter that shares one word, "Orion", with everything, an earlier report that shares two with the
        // story, and one launch reported four times.
        var chatter = new[] { "Orion keeps forgetting names", "Is Orion slow today", "Orion wrote a wedding speech", "Orion versus the cat", "Orion refuses to draw horses", "Orion made a spreadsheet", "Orion got weird", "Orion and homework" };
        var topic = await BuildAsync(
        [
            Article(Source("Big Wire", tier: 1), "News groups want Nimbus to dig up deleted Orion logs", "A lawsuit over logs.", Monday),
            .. chatter.Select((title, i) => Article(Source("Forum " + i, SourceKind.Community), title, "A post.", Monday.AddHours(1 + i))),
            Article(Source("Blog A"), "Orion Health from Nimbus wants your medical records", "Orion Health asks for records.", Monday.AddHours(10)),
            Article(Source("Tech Daily", tier: 1), "Nimbus launches Orion Health for medical records", "Orion Health reads medical records.", Monday.AddHours(11)),
            Article(Source("Blog B"), "Should you give Nimbus's Orion Health your medical records?", "Think before sharing records.", Monday.AddHours(12)),
            Article(Source("Blog C"), "Nimbus Orion Health: what it means for medical records", "The launch explained.", Monday.AddHours(13)),
        ]);

        Assert.Equal("Nimbus launches Orion Health for medical records", topic.Headline);
    }

    [Fact]
    public async Task WithoutAuthoritativeReportLeadIsEarliestMostImportant()
    {
        var topic = await BuildAsync(
            Article(Source("Forum", SourceKind.Community), "Xi thread", "People discuss Xi.", Monday),
            Article(Source("Mid Blog"), "Xi raises $40 million in funding", "Xi raised $40 million from investors.", Monday.AddHours(1)),
            Article(Source("Other Blog"), "Xi raises money too", "Xi raised money.", Monday.AddHours(2)));

        Assert.Equal("Xi raises $40 million in funding", topic.Headline);
    }

    [Fact]
    public async Task EditorLeadHeadlineDekSummaryAndImportanceWin()
    {
        var topic = await BuildAsync(configure: t =>
            {
                t.EditorImportance = 5;
                t.EditorHeadline = "Editor's headline";
                t.EditorDek = "Editor's dek.";
                t.EditorSummary = "Editor's **summary**.";
            },
            articles:
            [
                Article(Source("Wire A", tier: 1), "Omicron ships", "Omicron shipped a product to customers in forty countries this week.", Monday),
                Article(Source("Wire B"), "Omicron's product reviewed", "Reviewers found the Omicron product solid and well priced overall.", Monday.AddHours(1)),
            ]);
        var chosenLead = topic.Articles.Single(a => a.Title == "Omicron's product reviewed").Id;
        topic = await RecomputeAsync(topic.Id, t => t.EditorLeadArticleId = chosenLead);

        Assert.Equal(5, topic.Importance);
        Assert.Equal(5, topic.EditorImportance);
        Assert.InRange(topic.ComputedImportance, 1, 4);
        Assert.Equal(chosenLead, topic.LeadArticleId);
        Assert.Equal("Editor's headline", topic.Headline);
        Assert.Equal("Editor's dek.", topic.Dek);
        Assert.Equal("Editor's **summary**.", topic.Summary);
        Assert.NotEmpty(topic.SummarySentences);
    }

    [Fact]
    public async Task OwnersCountOnceAcrossTheirFeeds()
    {
        var topic = await BuildAsync(
            Article(Source("Pi News", SourceKind.FirstParty, owner: "Pi"), "Pi announces", "Pi announced a thing.", Monday),
            Article(Source("Pi Research", SourceKind.FirstParty, owner: "Pi"), "Pi research note", "Pi explains the thing.", Monday.AddHours(1)),
            Article(Source("Independent"), "Pi's thing", "An outlet covers the thing from Pi.", Monday.AddHours(2)));

        Assert.Equal(3, topic.ArticleCount);
        Assert.Equal(2, topic.SourceCount);
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "publishers" && f.Explanation.StartsWith("2 publishers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportanceFactorsAddUpToTheScoreAndExplainIt()
    {
        var sources = Enumerable.Range(0, 6).Select(i => Source($"Outlet {i}", tier: i == 0 ? 1 : 2)).ToList();
        sources.Add(Source("Rho AI", SourceKind.FirstParty, tier: 1, owner: "Rho"));
        var topic = await BuildAsync(sources.Select((s, i) => Article(s, i == 6 ? "Introducing Rho 2" : $"Rho launches Rho 2 model, report {i}",
            "Rho released Rho 2, a model trained on 20 trillion tokens, to all users.", Monday.AddHours(i))).ToArray());

        var names = topic.ImportanceFactors.Select(f => f.Name).ToList();
        Assert.Equal(["base", "publishers", "first-party", "speed", "recency", "strongest-report", "kind-of-piece"], names);
        Assert.Equal(topic.ComputedImportance, (int)Math.Clamp(Math.Round(topic.ImportanceFactors.Sum(f => f.Value), MidpointRounding.AwayFromZero), 1, 5));
        Assert.True(topic.ComputedImportance >= 4, $"computed {topic.ComputedImportance}");
        Assert.Equal(topic.ComputedImportance, topic.Importance);
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "publishers" && f.Explanation.StartsWith("7 publishers", StringComparison.Ordinal));
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "first-party" && f.Explanation.Contains("1 first-party + 6 reporting", StringComparison.Ordinal) && f.Value > 0);
        Assert.All(topic.ImportanceFactors, f => Assert.False(string.IsNullOrWhiteSpace(f.Explanation)));
        Assert.All(topic.Articles, a => Assert.InRange(a.Importance, 1, 5));
    }

    [Fact]
    public async Task LoneCommunityPostRanksLow()
    {
        var topic = await BuildAsync(Article(Source("Forum", SourceKind.Community, tier: 3), "Anyone else like this keyboard?", "Just asking.", Monday));

        Assert.Equal(1, topic.ComputedImportance);
        Assert.Equal("single-source", topic.SourceLabel);
    }

    [Fact]
    public async Task TagsComeFromTheDictionaryThroughAliases()
    {
        var topic = await BuildAsync(
            Article(Source("Wire A"), "Chat GPT gets a health tab", "OpenAI said Chat GPT users can link medical records. Nvidia's chips were not involved.", Monday),
            Article(Source("Wire B"), "ChatGPT adds health", "ChatGPT now handles health questions, OpenAI said.", Monday.AddHours(1)));

        var slugs = topic.Tags.Select(t => t.TagSlug).ToList();
        Assert.Contains("chatgpt", slugs);
        Assert.Contains("openai", slugs);
        Assert.DoesNotContain("nvidia", slugs);
        Assert.Equal("ChatGPT", topic.MainEntity);
        await _app.WithDbAsync(async db =>
        {
            var tag = await db.Tags.SingleAsync(t => t.Slug == "chatgpt");
            Assert.Equal("ChatGPT", tag.Name);
            Assert.Equal("product", tag.Kind);
            Assert.Equal("person", (await db.Tags.SingleAsync(t => t.Slug == "jensen-huang")).Kind);
        });
    }

    [Fact]
    public async Task CategoryFollowsKeywordsWithTheSourceCategoryAsPrior()
    {
        var hardware = await BuildAsync(Article(Source("Chip Desk"), "New GPU accelerator for data centers", "The chip uses HBM memory and a new processor design.", Monday));
        var policy = await BuildAsync(Article(Source("Gov Desk", category: "Policy"), "Sigma statement", "Sigma made a statement today.", Monday));
        var plain = await BuildAsync(Article(Source("Plain Desk"), "Tau statement", "Tau made a statement today.", Monday));

        Assert.Equal("hardware", hardware.Category);
        Assert.Equal("policy", policy.Category);
        Assert.Null(plain.Category);
    }

    [Fact]
    public async Task HeadlineDropsPublisherCreditAndSlugFollows()
    {
        var topic = await BuildAsync(Article(Source("News Search"), "Upsilon Details New Chips and a Car Project - The New York Times", "Upsilon detailed chips.", Monday));

        Assert.Equal("Upsilon Details New Chips and a Car Project", topic.Headline);
        Assert.Equal("upsilon-details-new-chips-and-a-car-project", topic.Slug);
    }

    [Fact]
    public async Task SummarySentencesAreTraceableAndNotRepeated()
    {
        const string shared = "Phi Corp said on Tuesday that its new phone will ship to buyers in March for $799.";
        var topic = await BuildAsync(
            Article(Source("Wire A", tier: 1), "Phi unveils phone", shared + " The phone has a larger battery than last year's model. Analysts expect strong sales in Asia.", Monday),
            Article(Source("Wire B"), "Phi's new phone", shared + " Phi also cut the price of its older phone by a hundred dollars.", Monday.AddHours(1)),
            Article(Source("Wire C"), "Phone from Phi", "The Phi phone ships in March, the company confirmed in a statement. Its camera was redesigned from scratch.", Monday.AddHours(2)));

        Assert.InRange(topic.SummarySentences.Count, 2, 4);
        foreach (var sentence in topic.SummarySentences)
        {
            var article = Assert.Single(topic.Articles, a => a.Id == sentence.ArticleId);
            Assert.Contains(sentence.Text, article.Text!, StringComparison.Ordinal);
        }

        Assert.Single(topic.SummarySentences, s => s.Text == shared);
        Assert.True(topic.SummarySentences.Select(s => s.ArticleId).Distinct().Count() >= 2);
        Assert.Equal(string.Join(' ', topic.SummarySentences.Select(s => s.Text)), topic.Summary);
        Assert.False(string.IsNullOrWhiteSpace(topic.Dek));
        Assert.NotEqual(topic.Headline, topic.Dek);
    }

    [Fact]
    public async Task AggregatedItemsCountAsTheOutletsThatWroteThem()
    {
        var aggregator = Source("News Search", tier: 3, owner: "News Search");
        aggregator.SiteUrl = "https://news.google.com/rss/articles/";
        var outlets = new[] { "The Daily Ledger", "Morning Courier", "Evening Standard Times", "Harbour Post", "Valley Herald" };
        var topic = await BuildAsync(outlets.Select((o, i) => Article(aggregator, $"Fire at an alpine bar kills dozens on New Year's night - {o}", null, Monday.AddMinutes(20 * i))).ToArray());

        var publishers = topic.ImportanceFactors.Single(f => f.Name == "publishers");
        Assert.StartsWith("5 publishers", publishers.Explanation, StringComparison.Ordinal);
        Assert.Contains("5 of them credited through a news aggregator", publishers.Explanation, StringComparison.Ordinal);
        Assert.True(publishers.Value > 0);
    }

    [Fact]
    public async Task SourceCountCreditsAggregatedItemsToTheirOutletsAndACommunityOnce()
    {
        var aggregator = Source("News Search", tier: 3, owner: "News Search");
        aggregator.SiteUrl = "https://news.google.com/rss/articles/";
        var harbour = Source("Harbour Post");
        var topic = await BuildAsync(
            Article(aggregator, "Ferry strike halts crossings to the islands for a third day - Daily Ledger", null, Monday),
            Article(aggregator, "Ferry strike halts island crossings again as talks stall - Morning Courier", null, Monday.AddHours(1)),
            Article(aggregator, "Island ferry crossings halted by strike for third day - Harbour Post", null, Monday.AddHours(2)),
            Article(harbour, "Island ferry crossings halted by strike for a third day", "Crews walked out on Monday.", Monday.AddHours(2)),
            Article(Source("r/islands", SourceKind.Community, tier: 3, owner: "Reddit"), "Ferry strike halts crossings to the islands", null, Monday.AddHours(3)),
            Article(Source("r/ferries", SourceKind.Community, tier: 3, owner: "Reddit"), "Ferry strike: third day without crossings", null, Monday.AddHours(4)));

        // Daily Ledger, Morning Courier, Harbour Post (its feed and the aggregator's item) and Reddit (both subreddits).
        Assert.Equal(4, topic.SourceCount);
        Assert.Equal("multi-source", topic.SourceLabel);
    }

    [Fact]
    public async Task AFirstPartyAnnouncementRelayedByACommunityCountsAsAnnounced()
    {
        var company = Source("Sigma Newsroom", SourceKind.FirstParty, tier: 1, owner: "Sigma");
        await _app.WithDbAsync(async db =>
        {
            db.Sources.Add(company);
            await db.SaveChangesAsync();
        });
        var forum = Source("Link Forum", SourceKind.Community, tier: 3, owner: "Link Forum");
        var relay = Article(forum, "Introducing Sigma Health", null, Monday.AddHours(1));
        relay.Url = company.SiteUrl!.Replace("https://", "https://www.", StringComparison.Ordinal) + "index/introducing-sigma-health";
        var chatter = Article(Source("Chat Board", SourceKind.Community, tier: 3, owner: "Chat Board"), "Sigma Health is live", null, Monday.AddHours(2));
        var reports = Enumerable.Range(0, 4).Select(i => Article(Source($"Wire {i}"), $"Sigma launches Sigma Health for medical records, report {i}",
            "Sigma launched Sigma Health, which reads medical records.", Monday.AddHours(3 + i)));
        var topic = await BuildAsync([relay, chatter, .. reports]);

        var firstParty = topic.ImportanceFactors.Single(f => f.Name == "first-party");
        Assert.Contains("1 first-party + 4 reporting + 1 community", firstParty.Explanation, StringComparison.Ordinal);
        Assert.Equal(0.5, firstParty.Value);
        Assert.Contains("1 of them credited through a news aggregator or a community's link to the first party",
            topic.ImportanceFactors.Single(f => f.Name == "publishers").Explanation, StringComparison.Ordinal);
        Assert.NotEqual(relay.Id, topic.LeadArticleId);
    }

    [Fact]
    public async Task AHeadlineRepostedWordForWordIsOneVoiceInTheCore()
    {
        const string original = "Omega launches Omega Health, encouraging users to connect their medical records";
        var topic = await BuildAsync(
            Article(Source("Gadget Desk"), original, "Omega launched Omega Health.", Monday),
            Article(Source("r/tech", SourceKind.Community, tier: 3, owner: "Reddit"), original, null, Monday.AddMinutes(30)),
            Article(Source("r/omega", SourceKind.Community, tier: 3, owner: "Reddit"), original, null, Monday.AddMinutes(40)),
            Article(Source("News for Nerds", SourceKind.Community, tier: 3), original, null, Monday.AddMinutes(50)),
            Article(Source("Health Wire"), "Omega launches Omega Health to review your medical records", "Omega reviews records.", Monday.AddHours(1)),
            Article(Source("Tech Daily"), "Omega Health lets you connect medical records to an AI", "Omega connects records.", Monday.AddHours(2)),
            Article(Source("Portal Times"), "Omega launching a dedicated Health portal", "Omega opens a portal.", Monday.AddHours(3)));

        // The three copies of the first headline would otherwise crowd the last report, worded its own way, out of
        // the core, and its outlet out of the count.
        Assert.StartsWith("4 publishers", topic.ImportanceFactors.Single(f => f.Name == "publishers").Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Security News This Week: Border agents can now read every phone nearby", "https://outlet.example/story/security-news-this-week")]
    [InlineData("Pension bubble: five things you need to know to protect your savings", "https://outlet.example/money/pension-bubble")]
    [InlineData("I've looked at every Zeta phone price rumor so far, here's what I think will happen", "https://outlet.example/phones/zeta-rumors")]
    [InlineData("The end of the gadget era is our chance to make tech good again", "https://outlet.example/commentisfree/2026/jan/05/gadget-era")]
    [InlineData("Why the city's new tram plan is doomed", "https://outlet.example/opinion/tram-plan")]
    [InlineData("Zeta S30 Ultra leak hints at a bigger battery and faster charging", "https://outlet.example/phones/zeta-s30-ultra-leak")]
    [InlineData("I tried the Zeta Trifold and couldn't believe my eyes", "https://outlet.example/phones/zeta-trifold-tried")]
    [InlineData("The tram plan is doomed, and the council knows it | Jane Doe", "https://outlet.example/business/2026/jan/05/tram-plan")]
    [InlineData("It's not too late to donate to our appeal for the city's food banks", "https://outlet.example/society/2026/jan/05/appeal")]
    public async Task RoundupsListiclesAndColumnsAreNotReportedAsStories(string title, string url)
    {
        var piece = Article(Source("Big Paper", tier: 1), title, "Here is the piece, argued at length over several paragraphs.", Monday);
        piece.Url = url + "-" + Guid.NewGuid().ToString("n")[..6];
        var topic = await BuildAsync(piece);

        var kind = topic.ImportanceFactors.Single(f => f.Name == "kind-of-piece");
        Assert.True(kind.Value < 0, kind.Explanation);
        Assert.Equal(1, topic.ComputedImportance);
    }

    [Theory]
    [InlineData("Zeta S30 leak hints at a bigger battery", "I tried the Zeta S30 prototype and loved the screen", true)]
    [InlineData("Zeta S30 screen supplier named in filings", "Zeta S30 Ultra hands-on: the screen is the star", false)]
    public async Task ACoreAThirdOfLeaksAndHandsOnsIsATheme(string first, string second, bool theme)
    {
        var topic = await BuildAsync(
            Article(Source("Phone Desk"), first, "The piece on the Zeta S30, at length over several paragraphs.", Monday),
            Article(Source("Gadget Desk"), second, "The piece on the Zeta S30 screen, at length over several paragraphs.", Monday.AddHours(1)),
            Article(Source("Wire A"), "Zeta S30 release date set for February, carrier says", "A carrier said the Zeta S30 goes on sale in February.", Monday.AddHours(2)),
            Article(Source("Wire B"), "Zeta S30 will cost more than the S29, carrier says", "The carrier said the Zeta S30 will cost more than last year's phone.", Monday.AddHours(3)),
            Article(Source("Wire C"), "Zeta S30 camera gets a new sensor, supplier says", "A supplier said the Zeta S30 camera has a new sensor.", Monday.AddHours(4)),
            Article(Source("Wire D"), "Zeta S30 batteries come from a new supplier, filings show", "Filings show the Zeta S30 batteries come from a new supplier.", Monday.AddHours(5)));

        var kind = topic.ImportanceFactors.Single(f => f.Name == "kind-of-piece");
        Assert.Equal(theme ? -1 : 0, kind.Value);
        Assert.Equal(theme, kind.Explanation.Contains("a theme, not one story", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReportFiledInANewsSectionIsAStory()
    {
        var report = Article(Source("Big Paper", tier: 1), "Tram operator halts services after depot fire", "Services stopped after a fire at the depot on Monday.", Monday);
        report.Url = "https://outlet.example/uk-news/2026/jan/05/tram-depot-fire-" + Guid.NewGuid().ToString("n")[..6];
        var topic = await BuildAsync(report);

        var kind = topic.ImportanceFactors.Single(f => f.Name == "kind-of-piece");
        Assert.Equal(0, kind.Value);
        Assert.StartsWith("1 full report", kind.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommunityPostsNeverMakeAStoryImportantByThemselves()
    {
        var topic = await BuildAsync(Enumerable.Range(0, 12).Select(i =>
            Article(Source($"Forum {i}", SourceKind.Community, tier: 3, owner: $"Forum {i}"), $"Kappa launches Kappa 3 with a $2 billion lawsuit attached, thread {i}",
                "Kappa launched Kappa 3 today; a $2 billion lawsuit followed.", Monday.AddMinutes(5 * i))).ToArray());

        Assert.InRange(topic.ComputedImportance, 1, 2);
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "publishers" && f.Value == 0);
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "first-party" && f.Value < 0 && f.Explanation.Contains("community posts only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutletsGatheredADayAtATimeCountForLessThanABurst()
    {
        Article[] Coverage(string story, TimeSpan apart) => [.. Enumerable.Range(0, 8).Select(i =>
            Article(Source($"Outlet {story} {i}"), $"Lambda recalls its {story} scooters after battery fires, report {i}", "Lambda recalled the scooters after fires.", Monday.Add(apart * i)))];
        var burst = await BuildAsync(Coverage("Alpha", TimeSpan.FromMinutes(30)));
        var spread = await BuildAsync(Coverage("Beta", TimeSpan.FromDays(1)));

        double Value(Topic t, string name) => t.ImportanceFactors.Single(f => f.Name == name).Value;
        Assert.True(Value(burst, "publishers") > Value(spread, "publishers"));
        Assert.True(Value(burst, "speed") > Value(spread, "speed"));
        Assert.StartsWith("2 publishers", spread.ImportanceFactors.Single(f => f.Name == "publishers").Explanation, StringComparison.Ordinal);
        Assert.True(burst.ComputedImportance > spread.ComputedImportance);
    }

    [Fact]
    public async Task FreshnessAndSummaryComeFromTheStoryCore()
    {
        var topic = await BuildAsync(
            Article(Source("Wire A", tier: 1), "Mu Bank settles card lawsuit for $40 million", "Mu Bank settled the card lawsuit for $40 million on Monday. The settlement covers two million customers.", Monday),
            Article(Source("Wire B"), "Mu Bank card lawsuit settled for $40 million", "Mu Bank agreed to pay $40 million to settle the card lawsuit. A judge must approve the settlement.", Monday.AddHours(2)),
            Article(Source("Wire C"), "Mu Bank to pay $40 million in card lawsuit settlement", "The $40 million settlement ends the card lawsuit against Mu Bank. Customers will get refunds by June.", Monday.AddHours(3)),
            Article(Source("Wire D"), "Card lawsuit against Mu Bank ends in $40 million settlement", "Mu Bank ends its card lawsuit with a $40 million settlement. Lawyers called it fair.", Monday.AddHours(4)),
            Article(Source("Columnist"), "Why I still keep cash in a drawer", "Cash never crashes. My grandmother kept hers in a drawer for decades.", Monday.AddDays(3)));

        Assert.Equal(Monday.AddHours(4), topic.LatestAt);
        Assert.False(topic.IsUndated);
        var drifted = topic.Articles.Single(a => a.Title.StartsWith("Why I", StringComparison.Ordinal)).Id;
        Assert.NotEmpty(topic.SummarySentences);
        Assert.DoesNotContain(topic.SummarySentences, s => s.ArticleId == drifted);
        Assert.NotEqual(drifted, topic.LeadArticleId);
    }

    [Fact]
    public async Task AStoryOfUndatedPagesIsFlaggedUndated()
    {
        var pages = new[] { Article(Source("Lab Pages", SourceKind.FirstParty, tier: 1, owner: "Lab"), "Interpretability", "Our interpretability team studies how models work inside.", Monday.AddDays(5)) };
        pages[0].IsUndated = true;
        var topic = await BuildAsync(pages);

        Assert.True(topic.IsUndated);
        Assert.Contains(topic.ImportanceFactors, f => f.Name == "recency" && f.Value == 0 && f.Explanation.Contains("no report in the core has a date", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeadIsAFullReportNeverAStubARoundupAPostAFirstPersonPieceALeakOrAColumn()
    {
        var aggregator = Source("News Search", tier: 1, owner: "News Search");
        aggregator.SiteUrl = "https://news.google.com/rss/articles/";
        var topic = await BuildAsync(
            Article(Source("Forum", SourceKind.Community, tier: 1), "Nova Motors recalls Nova 7 cars over brake faults", "Posted by a user. Discuss the Nova 7 recall below, plenty of opinions welcome.", Monday),
            Article(aggregator, "Nova Motors recalls Nova 7 cars over brake faults - The Daily Ledger", "Nova Motors recalls Nova 7 cars over brake faults The Daily Ledger", Monday.AddMinutes(10)),
            Article(Source("Big Review", tier: 1), "The best and worst Nova 7 recall deals we found", "Dealers are offering Nova 7 owners deals during the recall of the cars.", Monday.AddMinutes(20)),
            Article(Source("Car Test", tier: 1), "I drove the recalled Nova 7 cars and felt the brake faults", "Nova Motors recalls Nova 7 cars; we drove one and felt the brake faults for ourselves.", Monday.AddMinutes(25)),
            Article(Source("Leaks Desk", tier: 1), "Nova Motors recall leak: Nova 7 brake faults fix comes in March", "A leaked dealer memo says Nova Motors recalls Nova 7 cars with a brake fix in March.", Monday.AddMinutes(30)),
            Article(Source("Big Paper", tier: 1), "Nova Motors recalls Nova 7 cars over brake faults, far too late | Jane Doe", "Nova Motors recalls Nova 7 cars over brake faults it should have found years ago.", Monday.AddMinutes(35)),
            Article(Source("Car Desk"), "Nova Motors recalls 200,000 Nova 7 cars over brake faults", "Nova Motors is recalling 200,000 Nova 7 cars after finding brake faults, the company said.", Monday.AddHours(1)),
            Article(Source("Road Desk"), "Brake faults force Nova 7 recall", "A brake fault forced the recall of Nova 7 cars across the country on Monday.", Monday.AddHours(2)));

        Assert.Equal("Nova Motors recalls 200,000 Nova 7 cars over brake faults", topic.Headline);
    }

    [Fact]
    public async Task LeadReportsTheLatestMajorDevelopment()
    {
        // The earlier development has more reports agreeing with each other; the later one is the news now.
        var topic = await BuildAsync(
            Article(Source("Wire A", tier: 1), "Zeta leader says he is open to talks", "The Zeta leader said he was open to talks with rivals.", Monday),
            Article(Source("Wire B", tier: 1), "Zeta leader open to talks, aides say", "Aides said the Zeta leader is open to talks with the opposition next month.", Monday.AddHours(2)),
            Article(Source("Wire C", tier: 1), "Zeta leader signals he is open to talks", "The Zeta leader signalled he was open to talks.", Monday.AddHours(3)),
            Article(Source("Wire A", tier: 1), "Zeta leader captured in overnight raid", "Troops captured the Zeta leader in an overnight raid, officials said.", Monday.AddDays(2)),
            Article(Source("Wire D", tier: 1), "Zeta leader captured in overnight raid, flown abroad", "The Zeta leader was captured in an overnight raid and flown abroad to face charges in court.", Monday.AddDays(2).AddHours(1)));

        Assert.Contains("captured", topic.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MainEntityIsNamedInTheHeadlinesNotOnlyInTheText()
    {
        var review = await BuildAsync(
            Article(Source("Screen Desk"), "Lumo unveils a 98-inch mini LED TV", "Lumo's set is brighter than Samsung's. Samsung sells a rival. Samsung's price is higher.", Monday),
            Article(Source("Panel Weekly"), "Lumo shows a 98-inch mini LED TV", "It takes on Samsung and Samsung's rival sets; Samsung was not at the show.", Monday.AddHours(1)));
        var named = await BuildAsync(
            Article(Source("Robot Desk"), "Nvidia will put its robot brains in Hyundai factories", "The robots rival Tesla's Optimus. Tesla has not shipped Optimus. Tesla says it will.", Monday),
            Article(Source("Factory News"), "Hyundai plant to run robots on Nvidia chips", "Tesla and Tesla's robot are behind, analysts said of Tesla.", Monday.AddHours(1)));

        Assert.Null(review.MainEntity);
        Assert.Equal("Nvidia", named.MainEntity);
    }

    [Fact]
    public async Task MainEntityIsAKnownEntityNeverATitleCasePhraseOrAnOutlet()
    {
        var phrase = await BuildAsync(
            Article(Source("Desk One"), "Coding Assistants Are Getting Worse", "Coding assistants are getting worse, a survey found.", Monday),
            Article(Source("Desk Two"), "Coding Assistants Are Slower Now", "The tools slowed down this year.", Monday.AddHours(1)),
            Article(Source("Desk Three"), "Why Coding Assistants Are Failing", "The Verge asked developers why.", Monday.AddHours(2)));
        var outlet = await BuildAsync(
            Article(Source("Reddit r/cars", SourceKind.Community, tier: 3, owner: "Reddit"), "Reddit thread: Nova 7 brakes failing for many owners", "Owners on Reddit report brake failures.", Monday),
            Article(Source("Reddit r/autos", SourceKind.Community, tier: 3, owner: "Reddit"), "Reddit users say Nova 7 brakes fail", "On Reddit, owners say the brakes fail.", Monday.AddHours(1)));

        Assert.Null(phrase.MainEntity);
        Assert.Null(outlet.MainEntity);
    }

    [Fact]
    public async Task GeneralNewsGetsGeneralCategories()
    {
        var fire = await BuildAsync(
            Article(Source("Wire A"), "Fire at alpine ski bar kills 40 on New Year's night", "At least 40 people were killed and dozens injured when a fire swept through a crowded bar. Police said victims were mostly young.", Monday),
            Article(Source("Wire B"), "Dozens dead in ski resort bar fire", "The fire killed dozens; the death toll may rise, officials said, as victims are identified.", Monday.AddHours(1)));
        var match = await BuildAsync(
            Article(Source("Sports Desk"), "Chelsea thrash Charlton in FA Cup third round", "Chelsea scored five as the coach watched his side win the FA Cup tie at the stadium.", Monday));

        Assert.Equal("world", fire.Category);
        Assert.Equal("sport", match.Category);
    }

    private Task<Topic> BuildAsync(params Article[] articles) => BuildAsync(null, articles);

    private async Task<Topic> BuildAsync(Action<Topic>? configure, Article[] articles)
    {
        var id = Guid.NewGuid().ToString("n")[..10];
        await _app.WithDbAsync(async db =>
        {
            var topic = new Topic { Id = id, Slug = "x", Headline = "x", CreatedAt = Monday, UpdatedAt = Monday };
            configure?.Invoke(topic);
            db.Topics.Add(topic);
            foreach (var article in articles)
            {
                article.TopicId = id;
                article.ClusteredAt = Monday;
            }

            db.Articles.AddRange(articles);
            await db.SaveChangesAsync();
        });
        return await RecomputeAsync(id, null);
    }

    private async Task<Topic> RecomputeAsync(string id, Action<Topic>? configure)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (configure is not null)
        {
            configure(await db.Topics.SingleAsync(t => t.Id == id));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        await scope.ServiceProvider.GetRequiredService<ITopicUpdater>().RecomputeAsync(db, [id], CancellationToken.None);
        db.ChangeTracker.Clear();
        return await db.Topics.AsNoTracking().Include(t => t.Articles).Include(t => t.Tags).SingleAsync(t => t.Id == id);
    }
}
