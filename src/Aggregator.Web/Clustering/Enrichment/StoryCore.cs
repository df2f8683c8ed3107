using System.Text.RegularExpressions;
using Aggregator.Web.Clustering.Engine.Text;
using Aggregator.Web.Model;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>
/// A story's core (the reports whose headlines agree with each other) and the report that leads it.
/// </summary>
internal static partial class StoryCore
{
    private static readonly TimeSpan DevelopmentWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// The members whose headlines are most central to the topic. Two headlines agree by the number of words they
    /// share, squared, so reports of one event (which share several words) count far more than a topic's periphery
    /// sharing one broad word ("ChatGPT") with everyone. A headline's centrality is its agreement with all the others,
    /// and those within a third of the best stay (all members of a small topic do): in a clean story that is most of
    /// them, in a topic that drew in its theme only the story's core. Headlines are read without the outlet credit
    /// an aggregator appends, which would otherwise make every item of that aggregator agree, and with their words
    /// stemmed ("launches", "launching") and possessives dropped ("Nvidia’s"). The first party's own announcement of the story joins it too, also when a
    /// community relayed it (<paramref name="credits"/>, from <see cref="Publishers"/>).
    /// </summary>
    public static List<Article> Of(IReadOnlyList<Article> members, IReadOnlyDictionary<long, Publisher>? credits = null)
    {
        if (members.Count < 4)
        {
            return [.. members];
        }

        var words = Words(members);
        var centrality = Centrality(words);
        var best = centrality.Max();
        if (best <= 0)
        {
            return [.. members];
        }

        // A first party's announcement has a headline of its own ("Introducing Rho 2") that shares little with the
        // reports about it: it belongs to the core when it names what most of the core's headlines name.
        var core = Enumerable.Range(0, members.Count).Where(i => centrality[i] >= best / 3).ToList();
        return [.. members.Where((a, i) => centrality[i] >= best / 3
            || IsFirstParty(a, credits) && core.Count(c => words[c].Overlaps(words[i])) * 2 > core.Count)];
    }

    private static bool IsFirstParty(Article article, IReadOnlyDictionary<long, Publisher>? credits) =>
        credits is not null && credits.TryGetValue(article.Id, out var publisher) ? publisher.Kind == SourceKind.FirstParty : article.Source?.Kind == SourceKind.FirstParty;

    private static List<HashSet<string>> Words(IReadOnlyList<Article> members)
    {
        var stemmer = new PorterStemmer();
        return [.. members.Select(a => Prose.ContentWords(TopicUpdater.CleanHeadline(a.Title, a.Source?.Name)).Select(w => stemmer.Stem(WithoutPossessive(w))).ToHashSet(StringComparer.Ordinal))];
    }

    // "Nvidia’s new chips" names Nvidia as much as "Nvidia details new chips" does (content words may already have
    // lost the final s, leaving "nvidia’").
    private static string WithoutPossessive(string word)
    {
        var end = word.Length;
        end = end > 3 && word[end - 1] == 's' && word[end - 2] is '\'' or '’' ? end - 2 : end;
        while (end > 1 && word[end - 1] is '\'' or '’')
        {
            end--;
        }

        return word[..end];
    }

    /// <summary>
    /// Per report, how much its headline agrees with the others': shared words, squared, summed over the distinct
    /// headlines. A headline that several outlets or subreddits carried word for word is one voice: its copies would
    /// otherwise make it, and whatever shares its wording, look far more central than reports worded their own way.
    /// </summary>
    private static double[] Centrality(List<HashSet<string>> words)
    {
        var distinct = new List<HashSet<string>>();
        var voices = new Dictionary<string, int>(StringComparer.Ordinal);
        var voiceOf = new int[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var key = string.Join(' ', words[i].Order(StringComparer.Ordinal));
            if (!voices.TryGetValue(key, out var voice))
            {
                voices[key] = voice = distinct.Count;
                distinct.Add(words[i]);
            }

            voiceOf[i] = voice;
        }

        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++)
        {
            foreach (var word in distinct[i])
            {
                if (!postings.TryGetValue(word, out var list))
                {
                    postings[word] = list = [];
                }

                list.Add(i);
            }
        }

        var shared = new int[distinct.Count];
        var touched = new List<int>();
        var agreement = new double[distinct.Count];
        for (var i = 0; i < distinct.Count; i++)
        {
            foreach (var word in distinct[i])
            {
                foreach (var j in postings[word])
                {
                    if (j != i && shared[j]++ == 0)
                    {
                        touched.Add(j);
                    }
                }
            }

            foreach (var j in touched)
            {
                agreement[i] += shared[j] * shared[j];
                shared[j] = 0;
            }

            touched.Clear();
        }

        return [.. voiceOf.Select(v => agreement[v])];
    }

    /// <summary>
    /// The best full report of the story's latest major development: among the core's full reports from reporting,
    /// analysis, research or first-party sources (never a community post, a roundup or service piece, or an
    /// aggregator's title-only stub), those of the latest day that drew at least half as many publishers as the
    /// story's busiest day; of them the first-party or tier-1 report the other reports agree with most, else the
    /// report they agree with most (then the most important, then the earliest).
    /// Only when the core has no such report does the choice fall back to any of its reports.
    /// </summary>
    public static Article ChooseLead(IReadOnlyList<Article> core, Func<Article, ArticleFacts>? facts = null)
    {
        var agreement = core.Zip(Centrality(Words(core))).ToDictionary(x => x.First.Id, x => x.Second);
        var full = core.Where(a => IsFullReport(a, facts?.Invoke(a))).ToList();
        var pool = full.Count > 0 ? LatestDevelopment(full) : [.. core];
        var authoritative = pool
            .Where(a => a.Source is { } s && (s.Kind == SourceKind.FirstParty || s.Tier <= 1 && s.Kind is not (SourceKind.Community or SourceKind.Opinion)))
            .ToList();
        return (authoritative.Count > 0 ? authoritative : pool)
            .OrderByDescending(a => agreement[a.Id]).ThenByDescending(a => a.Importance).ThenBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .First();
    }

    /// <summary>
    /// A report that can lead: a full article from a source that reports or announces, not chatter, a stub or a
    /// roundup. What the article's own words say may come from its cached <paramref name="facts"/>.
    /// </summary>
    public static bool IsFullReport(Article article, ArticleFacts? facts = null) =>
        article.Source is not { Kind: SourceKind.Community or SourceKind.Opinion } && !Publishers.IsAggregated(article)
        && !(facts?.NotAReport ?? IsNotAReport(article.Title)) && !IsOpinion(article)
        && (facts?.SaysMoreThanHeadline ?? SaysMoreThanHeadline(article.Title, TopicUpdater.ArticleText(article)));

    /// <summary>Whether the text says something the headline does not: a word of its own (the first one found is enough).</summary>
    public static bool SaysMoreThanHeadline(string headline, string text)
    {
        var title = Prose.EachContentWord(headline).ToHashSet(StringComparer.Ordinal);
        return Prose.EachContentWord(text).Any(word => !title.Contains(word));
    }

    /// <summary>
    /// A piece that is not a report of an event, whatever the week: a roundup, listicle, guide or deal and the other
    /// service genres (<see cref="NonStory"/>); a leak or rumour about what nobody has announced yet; a first-person
    /// review or hands-on. Such pieces never lead a story and, when they are most of a core, make it a theme.
    /// </summary>
    public static bool IsNotAReport(string title) =>
        Roundup().IsMatch(title) || NonStory.IsServicePiece(title) || IsPreAnnouncement(title) || FirstPerson().IsMatch(title);

    /// <summary>
    /// A leak or rumour about what is not announced yet ("Galaxy S30 leak hints at a bigger battery", "rumored specs"),
    /// not a leak that is itself the news (data, documents, keys or a video that leaked), nor a launch of what was
    /// rumoured ("officially unveils the rumored ...").
    /// </summary>
    public static bool IsPreAnnouncement(string title) =>
        Rumour().IsMatch(title) && !LeakedInformation().IsMatch(title) && !Announced().IsMatch(title);

    /// <summary>
    /// A column, comment piece or letter from an outlet that also reports: known by where the outlet files it
    /// ("/opinion/", "/commentisfree/"), or by a headline signed like a column ("... | Jane Doe", "... | Letters",
    /// "... | Editorial") on the outlet's own site. An argument about a story, not a report of it.
    /// </summary>
    public static bool IsOpinion(Article article) =>
        InOpinionSection(article.Url) || !Publishers.IsAggregated(article) && IsSignedColumn(article.Title, article.Source?.Name);

    // Whether a segment of the link's path names an opinion section. Read off the path in place: a topic's recompute
    // asks this of every report in its core.
    private static bool InOpinionSection(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var link))
        {
            return false;
        }

        var path = link.AbsolutePath.AsSpan();
        foreach (var segment in path.Split('/'))
        {
            if (OpinionSectionNames.Contains(path[segment]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A headline whose last " | " part names a columnist (two to four capitalised words) or letters or an editorial, not the outlet.</summary>
    public static bool IsSignedColumn(string title, string? outlet)
    {
        var at = title.LastIndexOf(" | ", StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }

        var credit = title[(at + 3)..].Trim();
        return ColumnCredit().IsMatch(credit)
            && (outlet is null || !outlet.Contains(credit, StringComparison.OrdinalIgnoreCase) && !credit.Contains(outlet, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly HashSet<string> OpinionSections = new(StringComparer.OrdinalIgnoreCase) { "opinion", "opinions", "commentisfree", "op-ed", "oped", "editorial", "editorials", "columnists" };
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> OpinionSectionNames = OpinionSections.GetAlternateLookup<ReadOnlySpan<char>>();

    // Days counted from the first dated report; a day is major when it has at least half the publishers of the
    // busiest one (and two, when the story ever had two).
    private static List<Article> LatestDevelopment(List<Article> reports)
    {
        var dated = reports.Where(a => !a.IsUndated).ToList();
        if (dated.Count == 0)
        {
            return reports;
        }

        var start = dated.Min(a => a.PublishedAt);
        var days = dated.GroupBy(a => (int)((a.PublishedAt - start) / DevelopmentWindow))
            .Select(g => (Day: g.Key, Reports: g.ToList(), Publishers: g.Select(a => a.Source?.OwnerKey ?? "").Distinct(StringComparer.OrdinalIgnoreCase).Count()))
            .OrderBy(d => d.Day)
            .ToList();
        var peak = days.Max(d => d.Publishers);
        var needed = Math.Max(Math.Min(2, peak), (peak + 1) / 2);
        return days.Last(d => d.Publishers >= needed).Reports;
    }

    // A leak or rumour named as such, a product "tipped" for something, a tipster's claim, or specs "outed" early.
    [GeneratedRegex(@"\b(leak|leaks|leaked|leaker|rumou?rs?|rumou?red|tipped (to|for)|tipsters? (says?|claims?|reveals?|suggests?|shares?|hints?)|(gets|got|been) outed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Rumour();

    // What leaked is information, the news itself: data, documents, keys, a video; or a leaking pipe, tank or memory.
    [GeneratedRegex(@"\b(data|database|documents?|memos?|e-?mails?|messages|chats?|files|keys|passwords?|credentials|records|recordings?|audio|video|footage|tapes?|metadata|memory|personal|accounts?|users|customers|patients|breach|hack(er|ers|ed)?|leaking|water|oil|gas|fuel)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LeakedInformation();

    // The rumour is over: the company announced or launched it, or denied it.
    [GeneratedRegex(@"\b(officially|unveil(s|ed)?|announc(es|ed)|launch(es|ed)|no longer a rumou?r|denies|denied|debunk(s|ed)?|address(es|ed)|respond(s|ed) to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Announced();

    // The writer's own experience: a headline that begins "I ..." (a quoted "‘I ...’" begins with its quote mark), one
    // that says what "I" or "we" saw, tried or held, or a hands-on.
    [GeneratedRegex(@"^I(['’](ve|m|d|ll))?\s|(?<![‘'""“]\s*)\bI['’](m|d)\b|(?<![‘'""“]\s*)\b(I|we)(['’]ve| have)? (just |finally |never |ever |already |recently )?(saw|seen|tried|tested|watched|wore|worn|held|used|spent|played|went|drove|driven|listened|heard|found|liked|loved|visited)\b|\bhands[- ]on\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPerson();

    // Two to four capitalised words (a columnist's name, with particles such as "de" or "van"), or letters, an
    // editorial or a columnist's named column ("Grace Dent on restaurants", "Alexis Petridis's album of the week").
    [GeneratedRegex(@"^(?!The )(\p{Lu}\p{Ll}[\p{L}'’\-]*)( (\p{Lu}\p{Ll}[\p{L}'’\-]*|de|da|del|van|von|der|al|bin|le|la)){1,3}$|^(?i:(brief )?letters?|editorial)$|^(?!The )\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+(['’]s?|\son)\s", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnCredit();

    [GeneratedRegex(@"^(how to|the best|best\b|the \d+ best|\d+ (best|things|ways|reasons|tips)\b|everything (announced|we saw|you need)|the (coolest|weirdest)|these .{0,60}\b(impressed|stood out|caught my eye)|review:)|\b(news|links|stories) (this|of the) week\b|\b(two|three|four|five|six|seven|eight|nine|ten|\d+) things (you|to|we)\b|\brumou?rs? so far\b|\b(deals?|\d+% off|on sale|lowest price|all-time low|price cut|\$\d+ off|giveaway|coupon|roundup|round-up|recap|gift guide|buying guide|live blog|as it happened|this week in|newsletter|here('s| are) (the|my|our))\b|\b(we|I)('ve|’ve)? looked at every\b|\bcaught (our|my) eye\b|[$£€]\d[\d,.]* off\b|\bsave (up to )?[$£€]\d[\d,.]* (on|off|at|with|when)\b|\b(record|all-time)[- ]low price\b|\bhow to buy\b|\bfor just [$£€]\d|\b(you can|I['’]d|we['’]d) (already |now )?buy\b|^[\w'’ ]{1,40} podcast:|\breview\s[–—-]\s", RegexOptions.IgnoreCase)]
    private static partial Regex Roundup();
}
