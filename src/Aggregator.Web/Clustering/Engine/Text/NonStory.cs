using System.Text.RegularExpressions;

namespace Aggregator.Web.Clustering.Engine.Text;

/// <summary>
/// Items that are not reports of an event, told by features that hold in any week of news: the recurring service
/// genres every outlet publishes under the same kinds of headline (puzzle answers, viewing guides, horoscopes,
/// coupons, buyer's guides), and community threads that discuss rather than relay a report (a question, an Ask or
/// Show post, a call for replies). Such items stand alone: they neither found a story topic nor join one, so a week
/// of them never grows into a topic that reads like a story.
/// </summary>
public static partial class NonStory
{
    /// <summary>Whether the headline is one of the recurring service genres rather than news.</summary>
    public static bool IsServicePiece(string? title) => !string.IsNullOrWhiteSpace(title) && ServiceHeadline().IsMatch(title);

    /// <summary>Whether a community post's headline asks or invites discussion rather than relaying a report.</summary>
    public static bool IsDiscussion(string? title) => !string.IsNullOrWhiteSpace(title) && DiscussionHeadline().IsMatch(title);

    // Puzzle hints and answers; "how to watch" and streaming guides; horoscopes; coupons, promo codes and "N% off";
    // "best X of 2026" and "the 10 best" buyer's guides.
    [GeneratedRegex(@"\bhints?\b.*\banswers?\b|\banswers?\b.*\bhints?\b|\b(wordle|crossword|sudoku)\b|\b(how|where) to (watch|stream|livestream)\b|\bhoroscopes?\b|\bpromo codes?\b|\bcoupons?\b|\b\d{1,2}% off\b|^(the )?best\b.*\b(of|for|in) (19|20)\d\d\b|^(the )?\d{1,3} best\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ServiceHeadline();

    // A question, or a community's own Ask / Show / Tell / Launch post, or a first-person call for replies.
    [GeneratedRegex(@"\?\s*$|^(ask|show|tell|launch) hn\b|^(anyone|is it just me|does anyone|has anyone|am i the only)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DiscussionHeadline();
}
