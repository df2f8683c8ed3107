using System.Globalization;
using System.Net;
using System.Text;

namespace Aggregator.Web.Text;

/// <summary>
/// The words some feeds wrap around every item: Reddit's "submitted by /u/... [link] [comments]", Hacker News's
/// "Article URL: ... Comments URL: ... Points: N # Comments: N", Google News's list of the story's other headlines with
/// their outlets, and the outlet credit it appends to titles. Each rule reads the template's shape (where it sits, what
/// follows what), not this week's wording, and every function is one linear scan: no regular expression, no
/// backtracking, whatever a feed sends.
/// </summary>
public static class FeedTemplates
{
    /// <summary>What a discussion feed says of its thread: points and comments, each null when it does not say.</summary>
    public readonly record struct Counts(int? Points, int? Comments)
    {
        public bool Any => Points is not null || Comments is not null;
    }

    // Text past this is never needed for an excerpt, and bounds the work per article on a page.
    private const int ExcerptScanLength = 6000;
    private const string GoogleNewsFooter = "View Full Coverage on Google News";

    // Marks a block's end while reading HTML; whitespace, so it collapses to a space in the text returned.
    private const char Break = '\u2029';

    /// <summary>
    /// Plain text of an article without its feed's template: what the clustering engine should read (with the title)
    /// and what readers are shown. Collapsed text in, collapsed text out; the text itself when nothing matched.
    /// </summary>
    public static string Clean(string? title, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var span = text.AsSpan().Trim();
        if (IsGoogleNewsList(title, span))
        {
            return "";
        }

        span = BeforeSuffix(span, GoogleNewsFooter);
        span = BeforeRedditFooter(span, out _);
        span = BeforeHackerNewsFooter(span, out _);
        span = TrimBareUrls(span);
        return span.Length == text.Length ? text : PlainText.CollapseWhitespace(span.ToString());
    }

    /// <summary>
    /// A window of an item's text (a search snippet) cut before the first words of a feed template, for windows that
    /// cannot be read whole; null when nothing is left, and the fragment itself (the same instance) when it holds no
    /// template. Highlight markers (control characters) stay paired.
    /// </summary>
    public static string? BeforeTemplate(string? fragment)
    {
        if (string.IsNullOrEmpty(fragment))
        {
            return null;
        }

        var cut = fragment.Length;
        foreach (var anchor in (ReadOnlySpan<string>)["submitted by", "[link]", "[comments]", "Article URL:", "Comments URL:", "Points:", GoogleNewsFooter])
        {
            var at = fragment.AsSpan(0, cut).IndexOf(anchor, StringComparison.OrdinalIgnoreCase);
            cut = at >= 0 ? at : cut;
        }

        var kept = fragment.AsSpan(0, cut).TrimEnd();
        if (kept.Trim("…. ").IsEmpty)
        {
            return null;
        }

        var open = kept.Count('\u0002') > kept.Count('\u0003') ? "\u0003" : "";
        return cut == fragment.Length ? fragment : string.Concat(kept, open, kept[^1] is '.' or '!' or '?' ? "" : "…");
    }

    /// <summary>The points and comments a Hacker News or Reddit item states in its template, if it does.</summary>
    public static Counts CountsOf(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        var span = text.AsSpan().Trim();
        BeforeHackerNewsFooter(span, out var hackerNews);
        if (hackerNews.Any)
        {
            return hackerNews;
        }

        BeforeRedditFooter(span, out var reddit);
        return reddit;
    }

    /// <summary>
    /// A title without the outlet credit aggregators append (" - The Guardian"), and that outlet. Only a short,
    /// name-like tail after the last " - " counts, and the headline must keep some length of its own.
    /// </summary>
    public static (string Headline, string? Outlet) SplitCredit(string title)
    {
        var at = title.LastIndexOf(" - ", StringComparison.Ordinal);
        if (at < 12)
        {
            return (title, null);
        }

        var outlet = title.AsSpan(at + 3).Trim();
        if (outlet.Length is 0 or > 60 || outlet.Count(' ') > 6 || !(char.IsUpper(outlet[0]) || char.IsDigit(outlet[0]) || outlet.Contains('.')) || outlet[^1] is '.' or '?' or '!' or ':')
        {
            return (title, null);
        }

        return (title[..at].TrimEnd(), outlet.ToString());
    }

    /// <summary>
    /// The headline an item's own words make and the outlet its title credits: an aggregator's item (its link the
    /// aggregator's own) split as <see cref="SplitCredit"/> does; any other item's title whole, crediting no one.
    /// </summary>
    public static (string Headline, string? Outlet) Credit(string title, string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var link) && link.Host.Equals("news.google.com", StringComparison.OrdinalIgnoreCase)
            ? SplitCredit(title)
            : (title, null);

    /// <summary>The outlet an aggregator's item credits in its title ("Headline - Outlet"), when the link is the aggregator's own.</summary>
    public static string? CreditedOutlet(string title, string url) => Credit(title, url).Outlet;

    /// <summary>The headline an item's own words make: an aggregator's item without the outlet its title credits.</summary>
    public static string Headline(string title, string? url) => Credit(title, url).Headline;

    /// <summary>
    /// Readable text of an item from its sanitized HTML (else its plain text): figure captions, images and feed
    /// templates out, and a paragraph that ends without a stop (a standfirst) kept apart from the next as a sentence.
    /// </summary>
    public static string Readable(string? title, string? safeHtml, string? text, int scanLength = ExcerptScanLength)
    {
        var plain = string.IsNullOrWhiteSpace(safeHtml) ? text ?? "" : FromHtml(safeHtml, scanLength);
        return Clean(title, plain);
    }

    /// <summary>The first sentence or two of an item's readable text, at most <paramref name="max"/> characters; null when the item says no more than its title.</summary>
    public static string? Excerpt(string title, string? safeHtml, string? text, int max = 280)
    {
        var readable = Readable(title, safeHtml, text);
        if (readable.Length == 0 || SameText(readable, SplitCredit(title).Headline))
        {
            return null;
        }

        // Whole sentences while they fit; a first sentence longer than the limit is cut at a word.
        var end = 0;
        for (var i = 0; i < readable.Length && i < max; i++)
        {
            if (readable[i] is '.' or '!' or '?' && i + 2 < readable.Length && readable[i + 1] == ' ' && char.IsUpper(readable[i + 2]) && !ShortWordBefore(readable, i))
            {
                end = i + 1;
                if (end >= max / 2)
                {
                    break;
                }
            }
        }

        return readable.Length <= max ? readable : end > 0 ? readable[..end] : PlainText.Truncate(readable, max);
    }

    /// <summary>
    /// Text of sanitized HTML in one scan: tags out, entities decoded, block ends as sentence breaks where the block
    /// had no stop of its own; figure captions and the text of images left out. Reads at most <paramref name="scanLength"/> characters.
    /// </summary>
    public static string FromHtml(string safeHtml, int scanLength = int.MaxValue)
    {
        var html = safeHtml.AsSpan(0, Math.Min(safeHtml.Length, scanLength));
        var builder = new StringBuilder(html.Length);
        var skipDepth = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html[i..].IndexOf('<');
            var run = lt < 0 ? html[i..] : html.Slice(i, lt);
            if (skipDepth == 0 && run.Length > 0)
            {
                AppendDecoded(builder, run);
            }

            if (lt < 0)
            {
                break;
            }

            var tagStart = i + lt;
            var gt = html[tagStart..].IndexOf('>');
            if (gt < 0)
            {
                break;
            }

            var tag = html.Slice(tagStart + 1, gt - 1);
            i = tagStart + gt + 1;
            var closing = tag.Length > 0 && tag[0] == '/';
            var name = TagName(closing ? tag[1..] : tag);
            if (name.Equals("figcaption", StringComparison.OrdinalIgnoreCase))
            {
                skipDepth = Math.Max(0, skipDepth + (closing ? -1 : 1));
                continue;
            }

            if (IsBlock(name))
            {
                EndBlock(builder);
            }
            else if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append(Break);
            }
            else
            {
                builder.Append(' ');
            }
        }

        return PlainText.CollapseWhitespace(builder.ToString());
    }

    // Google News items are a list of the story's headlines, each followed by its outlet, the first being the item's
    // own title: a body that opens with the title, its " - " before the outlet credit read as a space, is that list.
    private static bool IsGoogleNewsList(string? title, ReadOnlySpan<char> text)
    {
        if (string.IsNullOrEmpty(title))
        {
            return false;
        }

        var head = PlainText.CollapseWhitespace(title).AsSpan();
        if (text.EndsWith(GoogleNewsFooter, StringComparison.Ordinal) && text.StartsWith(head, StringComparison.Ordinal))
        {
            return true;
        }

        // Titles are short and have few dashes: this stays within a few passes over the title.
        for (var dash = head.IndexOf(" - ", StringComparison.Ordinal); dash > 0; dash = NextDash(head, dash))
        {
            var outlet = head[(dash + 3)..].Trim();
            if (outlet.Length > 0 && text.StartsWith(head[..dash], StringComparison.Ordinal)
                && text[dash..].TrimStart(". ").StartsWith(outlet, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int NextDash(ReadOnlySpan<char> title, int dash)
    {
        var next = title[(dash + 1)..].IndexOf(" - ", StringComparison.Ordinal);
        return next < 0 ? -1 : dash + 1 + next;
    }

    // "... submitted by /u/name [link] [comments]", or in older feeds "submitted by name to r/sub [link] [275 comments]",
    // always at the very end, after whatever the poster wrote. A feed that cuts its items short may cut the footer too
    // ("... submitted by /u/name [link] [comm"), which still counts when the name has Reddit's "/u/" shape.
    private static ReadOnlySpan<char> BeforeRedditFooter(ReadOnlySpan<char> text, out Counts counts)
    {
        counts = default;
        var at = text.LastIndexOf("submitted by", StringComparison.OrdinalIgnoreCase);
        if (at < 0 || text.Length - at > 240)
        {
            return text;
        }

        var rest = WithoutCutMarkup(text[(at + "submitted by".Length)..]);
        var link = rest.IndexOf("[link]", StringComparison.Ordinal);
        var who = (link < 0 ? rest : rest[..link]).Trim();
        var redditName = who.StartsWith("/u/", StringComparison.Ordinal) || who.StartsWith("u/", StringComparison.Ordinal);
        if (link < 0)
        {
            // Cut short before the links: only a lone Reddit user name (or its start) and the start of "[link]" may follow.
            var bracket = who.IndexOf('[');
            var name = (bracket < 0 ? who : who[..bracket]).Trim();
            var nameOnly = name.Length == 0 || name.IndexOf(' ') < 0 && (redditName || "/u/".AsSpan().StartsWith(name, StringComparison.Ordinal));
            return nameOnly && (bracket < 0 || "[link]".AsSpan().StartsWith(who[bracket..], StringComparison.Ordinal)) ? text[..at].TrimEnd() : text;
        }

        if (who.Contains('[') || who.Count(' ') > 4)
        {
            return text;
        }

        // "[comments]", "[275 comments]", or the start of one where the feed cut it.
        rest = rest[(link + "[link]".Length)..].Trim();
        var complete = rest.Length > 0 && rest[^1] == ']';
        if (rest.Length > 0)
        {
            if (rest[0] != '[')
            {
                return text;
            }

            var number = LeadingNumber(rest[1..], out var used);
            var word = rest[(1 + used)..].Trim().TrimEnd(']');
            if (!"comments".AsSpan().StartsWith(word, StringComparison.Ordinal))
            {
                return text;
            }

            counts = complete ? new Counts(null, number) : default;
        }

        return complete || redditName ? text[..at].TrimEnd() : text;
    }

    // "Article URL: <url> Comments URL: <url> Points: N # Comments: N": the whole body of a link post, the tail of an
    // Ask or Show HN post (which has no article URL); like Reddit's, it may be cut short anywhere.
    private static ReadOnlySpan<char> BeforeHackerNewsFooter(ReadOnlySpan<char> text, out Counts counts)
    {
        counts = default;
        var at = text.LastIndexOf("Comments URL:", StringComparison.Ordinal);
        if (at < 0)
        {
            var onlyArticle = text.LastIndexOf("Article URL:", StringComparison.Ordinal);
            return onlyArticle >= 0 && IsUrlOrCut(WithoutCutMarkup(text[(onlyArticle + "Article URL:".Length)..])) ? text[..onlyArticle].TrimEnd() : text;
        }

        var rest = WithoutCutMarkup(text[(at + "Comments URL:".Length)..]);
        var space = rest.IndexOf(' ');
        if (!IsUrlOrCut(space < 0 ? rest : rest[..space]))
        {
            return text;
        }

        // What may follow the address, in order: "Points: N # Comments: N", possibly cut within a word.
        string?[] shape = ["Points:", null, "#", "Comments:", null];
        int?[] numbers = [null, null];
        var next = 0;
        rest = space < 0 ? [] : rest[space..].Trim();
        while (rest.Length > 0)
        {
            var end = rest.IndexOf(' ');
            var token = end < 0 ? rest : rest[..end];
            var last = end < 0;
            if (next == 0 && token.SequenceEqual("#"))
            {
                next = 2;
            }

            if (next >= shape.Length)
            {
                return text;
            }

            if (shape[next] is { } literal ? !(token.SequenceEqual(literal) || last && literal.AsSpan().StartsWith(token, StringComparison.Ordinal))
                : LeadingNumber(token, out var used) is not { } number || used != token.Length)
            {
                return text;
            }

            if (shape[next] is null)
            {
                numbers[next / 3] = LeadingNumber(token, out _);
            }

            next++;
            rest = last ? [] : rest[end..].TrimStart();
        }

        counts = new Counts(numbers[0], numbers[1]);
        var before = text[..at].TrimEnd();
        var article = before.LastIndexOf("Article URL:", StringComparison.Ordinal);
        if (article >= 0 && IsOneUrl(before[(article + "Article URL:".Length)..]))
        {
            before = before[..article].TrimEnd();
        }

        return before;
    }

    // A feed that cut an item at a fixed length may leave half a tag or entity at the end ("[link] <", "[link] &").
    private static ReadOnlySpan<char> WithoutCutMarkup(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        var cut = text.LastIndexOfAny('<', '&');
        return cut >= 0 && text[cut..].IndexOf(' ') < 0 && text[cut..].IndexOf('>') < 0 && text[cut..].IndexOf(';') < 0 ? text[..cut].TrimEnd() : text;
    }

    private static bool IsUrlOrCut(ReadOnlySpan<char> token) =>
        token.Length == 0 || IsUrl(token) || "https://".AsSpan().StartsWith(token, StringComparison.OrdinalIgnoreCase);

    // A link post's body may be nothing but the link (a video's player address): a bare address says nothing to a reader.
    private static ReadOnlySpan<char> TrimBareUrls(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var space = text.LastIndexOf(' ');
            var last = text[(space + 1)..];
            if (last.Length == 0 || !IsUrl(last))
            {
                break;
            }

            text = space < 0 ? [] : text[..space].TrimEnd();
        }

        while (text.Length > 0)
        {
            var space = text.IndexOf(' ');
            var first = space < 0 ? text : text[..space];
            if (!IsUrl(first))
            {
                break;
            }

            text = space < 0 ? [] : text[space..].TrimStart();
        }

        return text;
    }

    private static ReadOnlySpan<char> BeforeSuffix(ReadOnlySpan<char> text, string suffix) =>
        text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length].TrimEnd() : text;

    private static bool IsOneUrl(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && trimmed.IndexOf(' ') < 0 && IsUrl(trimmed);
    }

    private static bool IsUrl(ReadOnlySpan<char> token) =>
        token.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || token.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static int? LeadingNumber(ReadOnlySpan<char> text, out int used)
    {
        used = 0;
        while (used < text.Length && char.IsAsciiDigit(text[used]))
        {
            used++;
        }

        return used is > 0 and <= 9 ? int.Parse(text[..used], CultureInfo.InvariantCulture) : null;
    }

    private static bool SameText(string a, string b)
    {
        static string Letters(string s) => new([.. s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        return a.Length <= b.Length + 8 && Letters(a) == Letters(b);
    }

    private static bool ShortWordBefore(string text, int stop)
    {
        var start = text.LastIndexOf(' ', stop) + 1;
        return stop - start <= 2 && stop > start && char.IsUpper(text[start]);
    }

    private static ReadOnlySpan<char> TagName(ReadOnlySpan<char> tag)
    {
        var end = 0;
        while (end < tag.Length && char.IsAsciiLetterOrDigit(tag[end]))
        {
            end++;
        }

        return tag[..end];
    }

    private static bool IsBlock(ReadOnlySpan<char> name) => name.Length > 0 && (
        name.Equals("p", StringComparison.OrdinalIgnoreCase) || name.Equals("div", StringComparison.OrdinalIgnoreCase)
        || name.Equals("li", StringComparison.OrdinalIgnoreCase) || name.Equals("ul", StringComparison.OrdinalIgnoreCase)
        || name.Equals("ol", StringComparison.OrdinalIgnoreCase) || name.Equals("figure", StringComparison.OrdinalIgnoreCase)
        || name.Equals("blockquote", StringComparison.OrdinalIgnoreCase) || name.Equals("table", StringComparison.OrdinalIgnoreCase)
        || name.Equals("tr", StringComparison.OrdinalIgnoreCase) || name.Equals("td", StringComparison.OrdinalIgnoreCase)
        || name.Equals("hr", StringComparison.OrdinalIgnoreCase) || name.Equals("pre", StringComparison.OrdinalIgnoreCase)
        || name is ['h' or 'H', >= '1' and <= '6']);

    // A block of prose that ended without a stop of its own (a standfirst) would run into the next one's first
    // sentence; a full stop keeps them two sentences. Short blocks (a label, "Points: 6") are left as they are.
    private static void EndBlock(StringBuilder builder)
    {
        var end = builder.Length;
        while (end > 0 && char.IsWhiteSpace(builder[end - 1]))
        {
            end--;
        }

        builder.Length = end;
        if (end == 0 || builder[end - 1] == Break)
        {
            return;
        }

        var last = builder[end - 1];
        if (char.IsLetterOrDigit(last) || last is '%' or ')')
        {
            var words = 0;
            for (var i = end - 1; i > 0 && builder[i] != Break && words < 5; i--)
            {
                words += char.IsWhiteSpace(builder[i]) && !char.IsWhiteSpace(builder[i - 1]) ? 1 : 0;
            }

            if (words >= 5)
            {
                builder.Append('.');
            }
        }

        builder.Append(Break);
    }

    private static void AppendDecoded(StringBuilder builder, ReadOnlySpan<char> run)
    {
        if (run.Contains('&'))
        {
            builder.Append(WebUtility.HtmlDecode(run.ToString()));
        }
        else
        {
            builder.Append(run);
        }
    }
}
