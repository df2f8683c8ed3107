using Aggregator.Web.Text;

namespace Aggregator.Tests.Text;

public class FeedTemplatesTests
{
    // Items written for these tests in the shapes the three templates take (the way a sanitized body reads as text).
    private const string RedditLinkPost = "submitted by /u/tidepool_reader [link] [comments]";
    private const string RedditSelfPost =
        "Our team moved the billing service to a queue last month. Latency fell by half. submitted by /u/quiet_owl [link] [comments]";
    private const string RedditOldStyle = "submitted by harbour_cat to funny [link] [275 comments]";
    private const string HackerNewsLink =
        "Article URL: https://example.org/posts/garden-robots Comments URL: https://news.ycombinator.com/item?id=123 Points: 27 # Comments: 9";
    private const string HackerNewsShow =
        "We built a tool that checks wiring diagrams against datasheets. Feedback welcome! Comments URL: https://news.ycombinator.com/item?id=456 Points: 10";

    [Fact]
    public void DropsRedditsSubmittedByFooterAndKeepsWhatThePosterWrote()
    {
        Assert.Equal("", FeedTemplates.Clean("Harbour cranes halted", RedditLinkPost));
        Assert.Equal("Our team moved the billing service to a queue last month. Latency fell by half.", FeedTemplates.Clean("Queues", RedditSelfPost));
        Assert.Equal("", FeedTemplates.Clean("A dog", RedditOldStyle));
        Assert.Equal(new FeedTemplates.Counts(null, 275), FeedTemplates.CountsOf(RedditOldStyle));
    }

    [Fact]
    public void DropsABareLinkLeftBeforeTheFooter()
    {
        Assert.Equal("", FeedTemplates.Clean("Clip", "https://reddit.example/link/1/video/2/player " + RedditLinkPost));
    }

    [Fact]
    public void DropsHackerNewsLinesAndReadsTheirCounts()
    {
        Assert.Equal("", FeedTemplates.Clean("Garden robots", HackerNewsLink));
        Assert.Equal(new FeedTemplates.Counts(27, 9), FeedTemplates.CountsOf(HackerNewsLink));
        Assert.Equal("We built a tool that checks wiring diagrams against datasheets. Feedback welcome!", FeedTemplates.Clean("Show HN: Wiring", HackerNewsShow));
        Assert.Equal(new FeedTemplates.Counts(10, null), FeedTemplates.CountsOf(HackerNewsShow));
    }

    [Fact]
    public void DropsAGoogleNewsListOfOtherHeadlines()
    {
        const string title = "Harbour fire closes the north quay for a week - Coastal Herald";
        const string list = "Harbour fire closes the north quay for a week Coastal Herald Crews still at the quay as smoke lingers River Times "
            + "What we know about the harbour fire The Daily Post View Full Coverage on Google News";
        Assert.Equal("", FeedTemplates.Clean(title, list));
        Assert.Equal("", FeedTemplates.Clean(title, "Harbour fire closes the north quay for a week Coastal Herald"));

        // Read from the list's HTML, the outlets follow no-break spaces and each item ends a block.
        const string html = """<ol><li><a href="https://news.example/1">Harbour fire closes the north quay for a week</a>&nbsp;&nbsp;Coastal Herald</li><li><a href="https://news.example/2">Crews still at the quay as smoke lingers</a>&nbsp;&nbsp;River Times</li></ol>""";
        Assert.Equal("", FeedTemplates.Readable(title, html, null));
        Assert.Null(FeedTemplates.Excerpt(title, html, null));
    }

    [Fact]
    public void KeepsAnArticleThatOnlyOpensWithItsHeadline()
    {
        const string title = "Harbour fire closes the north quay - Coastal Herald";
        const string text = "Harbour fire closes the north quay. Firefighters worked through the night to contain the blaze.";
        Assert.Equal(text, FeedTemplates.Clean(title, text));
    }

    [Theory]
    [InlineData("Harbour fire closes the north quay - Coastal Herald", "Harbour fire closes the north quay", "Coastal Herald")]
    [InlineData("Harbour fire closes the north quay - BBC", "Harbour fire closes the north quay", "BBC")]
    [InlineData("Why the vote - and the recount - matter", "Why the vote - and the recount - matter", null)]
    [InlineData("Cars - a history", "Cars - a history", null)]
    [InlineData("The quay reopens - but for how long?", "The quay reopens - but for how long?", null)]
    public void SplitsAnOutletCreditOffATitle(string title, string headline, string? outlet)
    {
        Assert.Equal((headline, outlet), FeedTemplates.SplitCredit(title));
    }

    [Fact]
    public void LeavesOrdinaryProseAlone()
    {
        const string text = "The council voted to close the bridge. Readers submitted by post more than 200 letters [link] about it.";
        Assert.Same(text, FeedTemplates.Clean("Bridge closes", text));
    }

    [Fact]
    public void KeepsAStandfirstApartFromTheFirstParagraph()
    {
        const string html = "<p>The quay will stay shut while engineers check the crane rails</p><p>Harbour officials said on Monday the inspection would take a week.</p>";
        Assert.Equal("The quay will stay shut while engineers check the crane rails. Harbour officials said on Monday the inspection would take a week.",
            FeedTemplates.Readable("Quay shut", html, null));
        Assert.Equal("The quay will stay shut while engineers check the crane rails.", FeedTemplates.Excerpt("Quay shut", html, null, 90));
    }

    [Fact]
    public void LeavesOutFigureCaptionsAndImages()
    {
        const string html = """<figure><img alt="A crane" src="https://img.example/crane.jpg"><figcaption>The north quay crane. | Image: Port photo desk</figcaption></figure><p>Work resumed at dawn.</p>""";
        Assert.Equal("Work resumed at dawn.", FeedTemplates.Readable("Crane", html, null));
    }

    [Fact]
    public void AnExcerptIsASentenceOrTwoAndNeverJustTheTitle()
    {
        var text = "First sentence about the harbour fire is here. Second sentence adds the cause of it. " + string.Concat(Enumerable.Repeat("More words follow here. ", 30));
        Assert.Equal("First sentence about the harbour fire is here. Second sentence adds the cause of it.", FeedTemplates.Excerpt("Fire", null, text, 100));
        Assert.Null(FeedTemplates.Excerpt("Harbour fire closes the quay - Herald", null, "Harbour fire closes the quay"));
    }

    [Fact]
    public void TakesLinearTimeOnHostileInput()
    {
        string[] hostile =
        [
            string.Concat(Enumerable.Repeat("submitted by [link] ", 50_000)),
            string.Concat(Enumerable.Repeat("Comments URL: http://x Points: ", 50_000)),
            string.Concat(Enumerable.Repeat("https://a ", 50_000)),
            string.Concat(Enumerable.Repeat("<p><figcaption>", 50_000)),
            string.Concat(Enumerable.Repeat("<p>a b c d e f", 50_000)),
        ];
        // A quadratic scan would take minutes on these; a linear one returns at once with the text it was given.
        foreach (var text in hostile)
        {
            Assert.True(FeedTemplates.Clean("submitted by", text).Length <= text.Length);
            Assert.False(FeedTemplates.CountsOf(text).Any);
            Assert.True(FeedTemplates.Readable("t", text, null, int.MaxValue).Length <= text.Length);
        }
    }
}
