using Aggregator.Web.Text;

namespace Aggregator.Web.Clustering.Engine.Text;

/// <summary>
/// An article read into the engine's terms: each distinct term's hash, its summed weight (headline and entity terms
/// weighted up) and how often it occurs in the headline, in the order the terms first occur. Reading depends on the
/// article alone, not on what the engine has seen, so it can run ahead on another thread.
/// </summary>
public sealed class ArticleTerms
{
    internal ArticleTerms(ClusterInput article, int[] hashes, float[] weights, int[] titleCounts, HeadlineNames headline, bool notAReport, SeriesKey? series)
    {
        Article = article;
        Headline = headline;
        NotAReport = notAReport;
        Series = series;
        Hashes = hashes;
        Weights = weights;
        TitleCounts = titleCounts;
    }

    public ClusterInput Article { get; }

    internal int[] Hashes { get; }

    internal float[] Weights { get; }

    internal int[] TitleCounts { get; }

    internal HeadlineNames Headline { get; }

    internal bool NotAReport { get; }

    internal SeriesKey? Series { get; }
}

/// <summary>
/// Turns articles into terms: the headline, the start of the text and the words of the URL slug through the
/// <see cref="TextAnalyzer"/>, gathered per distinct term. One reader per thread.
/// </summary>
public sealed class ArticleReader
{
    /// <summary>Characters of text read: the lead says what the story is, the rest adds noise and cost.</summary>
    public const int TextLength = 1500;

    // How much more a headline word counts than a body word, and an entity-like term (name, model, acronym,
    // quantity, phrase) than a word.
    private const double TitleWeight = 2.0;
    private const double EntityWeight = 1.5;

    private readonly TextAnalyzer _analyzer = new();
    private readonly List<Term> _terms = [];
    private readonly TermTable _scratch = new(256);
    private int[] _slots = new int[256];
    private int[] _hashes = new int[256];
    private float[] _weights = new float[256];
    private int[] _titleCounts = new int[256];

    /// <summary>Reads the article into a self-contained <see cref="ArticleTerms"/>.</summary>
    public ArticleTerms Read(ClusterInput article)
    {
        var length = ReadInto(article);
        return new ArticleTerms(article, _hashes[..length], _weights[..length], _titleCounts[..length], Headline, NotAReport, Series);
    }

    /// <summary>The headline's words and names of the article last read.</summary>
    internal HeadlineNames Headline { get; private set; } = HeadlineNames.None;

    /// <summary>
    /// Whether the article last read is not a story report: a service piece, or a community thread that discusses
    /// rather than relays a report (see <see cref="NonStory"/>). Read with the terms, so a reader on another thread
    /// takes this work off the engine's.
    /// </summary>
    internal bool NotAReport { get; private set; }

    /// <summary>
    /// The name the last article's headline is headed with and the outlet that used it (the credited outlet of an
    /// aggregator's item), for the engine to tell a recurring series (see <see cref="SeriesMemory"/>).
    /// </summary>
    internal SeriesKey? Series { get; private set; }

    /// <summary>Reads the article into the reader's own buffers and returns the number of distinct terms.</summary>
    internal int ReadInto(ClusterInput article)
    {
        ArgumentNullException.ThrowIfNull(article);
        _terms.Clear();
        // An aggregator's item credits its outlet in the title ("Headline - The Washington Post"): the outlet is not
        // a word of the story, and every item credited to it would share it.
        var (ownHeadline, credited) = FeedTemplates.Credit(article.Title, article.Url);
        _analyzer.Analyze(ownHeadline, isTitle: true, _terms);
        Headline = ReadHeadline();
        Series = (credited ?? article.Source) is { } outlet && NonStory.SeriesPrefix(ownHeadline) is { } prefix ? new SeriesKey(outlet, prefix) : null;
        NotAReport = NonStory.IsServicePiece(article.Title) || (article.FromCommunity && (NonStory.IsDiscussion(article.Title) || NonStory.IsSelfPost(article.Text)));
        // Feed templates (a Google News item's list of other outlets' headlines, Reddit's and Hacker News's footers)
        // are not the article's words.
        _analyzer.Analyze(Lead(FeedTemplates.Clean(article.Title, article.Text)), isTitle: false, _terms);
        _analyzer.Analyze(UrlSlug.Words(article.Url), isTitle: false, _terms);

        // The scratch table maps each term to its place in the buffers (kept in Count, offset by one).
        _scratch.EnsureCapacity(_terms.Count);
        EnsureCapacity(_terms.Count);
        var length = 0;
        foreach (var term in _terms)
        {
            var weight = (float)((term.InTitle ? TitleWeight : 1.0) * (term.Kind == TermKind.Word ? 1.0 : EntityWeight));
            var hash = Hash(term);
            ref var entry = ref _scratch.Upsert(hash, out var slot);
            if (entry.Count == 0)
            {
                entry.Count = length + 1;
                _slots[length] = slot;
                _hashes[length] = hash;
                _weights[length] = 0;
                _titleCounts[length] = 0;
                length++;
            }

            var at = entry.Count - 1;
            _weights[at] += weight;
            _titleCounts[at] += term.InTitle ? 1 : 0;
        }

        _scratch.Clear(_slots.AsSpan(0, length));
        return length;
    }

    /// <summary>The start of a text as read: up to <see cref="TextLength"/> characters, cut at a space.</summary>
    public static string? Lead(string? text)
    {
        if (text is not null && text.Length > TextLength)
        {
            var cut = text.LastIndexOf(' ', TextLength);
            text = text[..(cut > 0 ? cut : TextLength)];
        }

        return text;
    }

    // The headline's terms (all of _terms so far) keyed as words, and its names.
    private HeadlineNames ReadHeadline()
    {
        if (_terms.Count == 0)
        {
            return HeadlineNames.None;
        }

        var keys = new List<int>(_terms.Count);
        List<int>? names = null;
        List<int>? nameTerms = null;
        foreach (var term in _terms)
        {
            var key = Hash(term with { Kind = TermKind.Word });
            if (term.Kind == TermKind.Phrase || keys.Contains(key))
            {
                continue;
            }

            keys.Add(key);
            if (HeadlineNames.IsName(term.Kind))
            {
                (names ??= []).Add(key);
                (nameTerms ??= []).Add(Hash(term));
            }
        }

        return new HeadlineNames([.. keys], names is null ? [] : [.. names], nameTerms is null ? [] : [.. nameTerms]);
    }

    internal ReadOnlySpan<int> Hashes(int length) => _hashes.AsSpan(0, length);

    internal ReadOnlySpan<float> Weights(int length) => _weights.AsSpan(0, length);

    internal ReadOnlySpan<int> TitleCounts(int length) => _titleCounts.AsSpan(0, length);

    private void EnsureCapacity(int count)
    {
        if (_hashes.Length >= count)
        {
            return;
        }

        var size = Math.Max(count, _hashes.Length * 2);
        _slots = new int[size];
        _hashes = new int[size];
        _weights = new float[size];
        _titleCounts = new int[size];
    }

    // FNV-1a over the kind and the text: stable across runs and processes, unlike string.GetHashCode.
    private static int Hash(Term term)
    {
        var hash = 2166136261u;
        hash = (hash ^ (uint)term.Kind) * 16777619u;
        foreach (var c in term.Text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        // 0 marks an empty slot in a term table.
        return hash == 0 ? 1 : (int)hash;
    }
}
