using System.Net;
using System.Text.RegularExpressions;
using Aggregator.Web.Text;

namespace Aggregator.Web.Clustering.Engine.Text;

/// <summary>
/// Items that are not reports of an event, told by features that hold in any week of news: the recurring service genres
/// every outlet publishes under the same kinds of headline (puzzle answers, viewing guides, horoscopes, coupons,
/// buyer's guides, roundups of a whole show, looks back on a year), and community threads that discuss rather than
/// relay a report (a question, an Ask or Show post, a call for replies, a self-post). Such items stand alone: they
/// neither found a story topic nor join one, so a week of them never grows into a topic that reads like a story.
/// </summary>
public static partial class NonStory
{
    /// <summary>Whether the headline is one of the recurring service genres rather than news.</summary>
    public static bool IsServicePiece(string? title) =>
        !string.IsNullOrWhiteSpace(title) && Read(title) is var headline
        && (ServiceHeadline().IsMatch(headline) || RoundupHeadline().IsMatch(headline) || LookBackHeadline().IsMatch(headline));

    /// <summary>Whether a community post's headline asks or invites discussion rather than relaying a report.</summary>
    public static bool IsDiscussion(string? title) => !string.IsNullOrWhiteSpace(title) && DiscussionHeadline().IsMatch(title);

    // The genre patterns run on the backtracking engine, compiled ahead (no automaton to build on first use), and a
    // few scan the rest of a headline from a word they found; headlines are read for them up to the length the site
    // stores (see ArticleNormalizer), so each costs bounded work whatever a file or feed holds. The discussion
    // pattern is anchored at either end and reads the whole headline in one pass.
    private const int HeadlineLength = 500;

    private static ReadOnlySpan<char> Read(string title) => title.AsSpan(0, Math.Min(title.Length, HeadlineLength));

    /// <summary>
    /// Whether a board's post (its feed's template says so: Reddit's "submitted by", Hacker News's "Comments URL") is a
    /// self-post: its poster wrote words of their own above the template and linked nowhere else in them. A post that
    /// relays a report is the report's link with nothing of the poster's, or the poster's note with the link in it.
    /// </summary>
    public static bool IsSelfPost(string? text)
    {
        // The fragment itself: no board's template, so no telling a self-post from a link.
        var own = FeedTemplates.BeforeTemplate(text);
        if (own is null || ReferenceEquals(own, text))
        {
            return false;
        }

        var words = WebUtility.HtmlDecode(own);
        return words.Any(char.IsLetter) && !words.Contains("http", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The name a headline is headed with ("Ukraine war briefing" in "Ukraine war briefing: Kyiv ..."), lower-cased, or
    /// null: none, a label that marks a report rather than names a series ("Exclusive:", "Breaking:", "Sources:",
    /// "Fact sheet:"), or a speaker whose words follow in quotes ("Starmer: 'We will act'").
    /// </summary>
    public static string? SeriesPrefix(string? headline)
    {
        if (string.IsNullOrWhiteSpace(headline) || HeadedWith().Match(headline) is not { Success: true } match
            || headline.AsSpan(match.Length).TrimStart() is [var first, ..] && first is '\'' or '"' or '‘' or '“')
        {
            return null;
        }

        var prefix = string.Join(' ', match.Groups[1].Value.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return prefix.Any(char.IsLetter) && !ReportLabel().IsMatch(prefix) ? prefix : null;
    }

    // A headline's leading name, up to 40 characters before a colon or bar.
    [GeneratedRegex(@"^([^:|]{2,40})[:|]\s")]
    private static partial Regex HeadedWith();

    // Labels news outlets put on reports of any event: scoops, breaking news, updates, live coverage, videos, and the
    // announcements of governments and companies.
    [GeneratedRegex(@"^(exclusive|breaking( news)?|just in|developing|update[ds]?|latest|sources?|scoop|report|live|watch|video|photos?|first on [\w ]+|fact ?sheet|press release|statement|readout|announcement)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ReportLabel();

    // Puzzle hints and answers; "how to watch" and streaming guides (and "stream A vs. B"), sky-watching guides ("how
    // to see the supermoon", "when and where to look") and "you won't want to miss" previews; horoscopes; coupons,
    // promo codes and "N% off"; "best X of 2026", "the 10 best" and "best X: ..." buyer's guides, an outlet's "how we
    // test X" pages and product roundups ("pet tech roundup"); the game recaps, box scores and fixture live blogs ("A v
    // B: cup third round – live") published for every game, and the season's recurring pieces around them (rapid
    // reactions, playoff scenarios and pictures, power rankings, mock drafts, best bets); job posts ("Acme (YC W22) is
    // hiring"); charity appeals and their fundraising totals ("donate to our appeal").
    [GeneratedRegex(@"\bhints?\b.*\banswers?\b|\banswers?\b.*\bhints?\b|\b(wordle|crossword|sudoku)\b|\b(how|where) to (watch|stream|livestream)\b|\bhow to (see|spot|catch) the\b|\bwhen and where to (look|see|watch)\b|\byou (won['’]t|don['’]t) want to miss\b|\b(live ?stream|stream|watch)\b.{0,60}\bvs?\.?\s|\bhoroscopes?\b|\bpromo codes?\b|\bcoupons?\b|\b\d{1,2}% off\b|^(the )?best\b.*\b(of|for|in) (19|20)\d\d\b|^(the )?\d{1,3} best\b|^(the )?best ([\w-]+ ){0,3}[\w-]+s\s*:|\bhow (we|i) test\b|^how [\w'’-]+ tests [\w -]{1,40}$|\b(tech|gadget|gear|product|deals?|complete|ultimate) roundup\b|\bgame (recap|analysis)\b|\bbox score\b|\bplayer ratings\b|\bmock draft\b|\bplayoff (scenarios|picture|seeding)\b|\brapid reactions?\b|\bpower rankings\b|\bbest bets\b|\b(v|vs)\.? [^–—]{1,80}[–—-] (live|as it happened)\s*$|\) is hiring\b|\bwho is hiring\b|\b(charity|christmas|winter|holiday|fundraising) appeal\b|\bdonat(e|ions?|ing)\b.{0,60}\bappeal\b|\bappeal\b.{0,60}\b(donat(e|ions?|ing)|charities|rais(ed|es) [£$€]?\d)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ServiceHeadline();

    // Roundups of a whole show or week rather than a report of one event: counted superlatives ("the 7 weirdest"),
    // first-person picks ("the coolest tech we've seen"), "best of" awards, "everything announced" and "all the news",
    // live blogs that cover "and more", "so far" or "the biggest news", counted lists of gadgets, apps, settings or
    // tips ("14 gadgets you can buy", "I changed these 6 settings"), first-person finds ("I found the most useful
    // gadgets at the show", "6 accessories I found most exciting"), "tech announced so far", "all the head-turning
    // security tech", what "caught our eye" or "surprised us the most", "things you don't want to miss", live blogs of
    // a show or keynote, a beat's rolling live blog ("... – business live", "... – US politics live"), a podcast's
    // episodes ("Acme Podcast: ..."), day and week recaps and "news at a glance" digests, previews of what to expect,
    // and "the standout tech from" a show.
    [GeneratedRegex(@"\b\d{1,2} (best|most|weirdest|coolest|biggest|top|favou?rite|standout|exciting|useful|hottest|strangest)\b|\b(best|coolest|weirdest|biggest|strangest|most (exciting|interesting|useful|advanced|bizarre|impressive)|standout|favou?rite)\b.{0,80}\b(we|i)(['’]?ve| have| had)? (seen|saw|found|tried|tested|listened|spotted)\b|\bbest of [\w-]+ (19|20)\d\d\b|^(the )?(best|coolest|weirdest) .{1,40} (of|at) [\w-]+ (19|20)\d\d\b|^everything (announced|revealed|unveiled|launched)\b|\beverything (we|you) (saw|need|missed)\b|\ball the (news|announcements|tech|gadgets|gear|products|highlights)\b|\ball the [\w-]+ (tech|gear|gadgets|products)\b|\blive\b.*\b(and more|so far)\b|\b(and more|so far)\b.*\blive\b|\blive( updates)?\s*[:—–-]\s*(all the|the latest|latest)\b|\bas it happen(s|ed)\b|\blive right here\b|\uD83D\uDD34|\b(icymi|week in review|this week in|news at a glance)\b|\blive( updates| blog)?\s*[:—–-]\s*(the )?(biggest|top|all|every)\b|\b(i|we)(['’]ve| have)? (found|saw|spotted|tried|tested)( the)? (\d{1,2} )?(best|coolest|weirdest|strangest|most [\w-]+)\b|^\d{1,2} [\w -]{1,40}\b(i|we) (found|saw|spotted|tried|tested) (the )?(most|best|coolest|weirdest)\b|\b(tech|gadgets|gear|products|devices|announcements)( [\w-]+)? (announced|revealed|unveiled|launched|seen) so far\b|\ball the ([\w-]+ ){2}(tech|gear|gadgets|products)\b|\b(that|which) caught (our|my) eyes?\b|\bwhat (surprised|impressed|excited|disappointed) (us|me)( the)? most\b|\b(things|what) (you )?(don['’]t|shouldn['’]t|won['’]t) (want to )?miss\b|^don['’]t miss\b|\blive (updates|blog|coverage)\b.{0,80}\b(show|expo|conference|convention|keynote|tech event|gadgets?)\b|[–—] ([\w'’]+ ){1,3}live(\s*$|\s+-\s)|^[^:|]{0,40}\bpodcast\s*[:|]|^(the )?(two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty) best\b|\b(these|the) \d{1,2} (settings|tips|tricks|gadgets|apps|products|devices|gifts|deals)\b|^\d{1,2} ([\w-]+ ){0,3}(settings|tips|tricks|gadgets|apps|products|devices|gifts|deals)\b|\bday \d{1,2}\s*[:—–-]|\bwhat (we['’]?re|we are|to) expect(ing)?\b|(^|: |\bthe |\bother )((standout|coolest|weirdest|hottest|most exciting|most interesting) ([\w-]+ )?|(best|biggest|top) )(tech|gadgets|gear|products|devices|launches|announcements|reveals|highlights|trends)\b.{0,30}\b(from|of|at) [\w-]+ (19|20)\d\d\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoundupHeadline();

    // Looking back on a year rather than reporting: year-in-review pieces and "2025: the year in X", a company's
    // "2025's milestones" or "roadmap for 2026", and lists of a year's most popular or biggest things ("the most
    // popular blogs of 2025").
    [GeneratedRegex(@"\byear in review\b|^(19|20)\d\d:? the year in\b|\b(19|20)\d\d['’]s (milestones|highlights)\b|\broadmap for (19|20)\d\d\b|\b(19|20)\d\d (in review|recap|wrapped|retrospective)\b|\b(most popular|most read|biggest|best|top \d{1,2}) ([\w'’-]+ ){0,2}[\w'’-]+s\b[^,;]{0,40}\b(of|in) (19|20)\d\d\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LookBackHeadline();

    // A question, or a community's own Ask / Show / Tell / Launch post, or a first-person call for replies.
    [GeneratedRegex(@"\?\s*$|^(ask|show|tell|launch) hn\b|^(anyone|is it just me|does anyone|has anyone|am i the only)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DiscussionHeadline();
}
