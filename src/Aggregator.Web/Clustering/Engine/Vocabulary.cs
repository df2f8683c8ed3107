namespace Aggregator.Web.Clustering.Engine;

// What the stream has taught about words: each term's document frequency (learned online), hence its IDF and its
// pseudo-count under the mixture's prior. Terms are counted in a fixed table by hash, so memory stays constant.
internal sealed class Vocabulary
{
    private const int DfBits = 21;
    private const int DfMask = (1 << DfBits) - 1;
    // Until this many articles were seen, rare terms are not over-trusted (the IDF of an unseen term is capped as if
    // the corpus had this many documents) and the mixture's prior takes in word frequencies gradually.
    private const int WarmUpArticles = 200;

    private static readonly double[] LogTable = Enumerable.Range(0, 1 << 16).Select(n => Math.Log(n)).ToArray();

    private readonly StoryClustererOptions _options;
    private readonly int[] _df = new int[1 << DfBits];
    private double _logDocuments;

    public Vocabulary(StoryClustererOptions options)
    {
        _options = options;
        _logDocuments = LogDocuments();

        // The counts are read before they are first written, so the system would map each page of the (fresh, all
        // zero) table to a shared zero page on the first read and copy it on the first write, flushing the other
        // cores' address caches each time: thousands of such faults spread over the first articles. Writing the
        // table once maps every page straight away.
        Array.Fill(_df, 0);
    }

    /// <summary>Articles seen.</summary>
    public long Articles { get; private set; }

    /// <summary>Term occurrences counted (one per article a term is in).</summary>
    public long Total { get; private set; }

    /// <summary>The mixture's vocabulary size: the distinct terms seen, but at least the assumed minimum.</summary>
    public int Size => Math.Max(_options.MixtureMinVocabulary, Distinct);

    private int Distinct { get; set; }

    // Counts an article's distinct terms.
    public void Observe(ReadOnlySpan<int> terms)
    {
        Articles++;
        _logDocuments = LogDocuments();
        foreach (var hash in terms)
        {
            Total++;
            if (_df[hash & DfMask]++ == 0)
            {
                Distinct++;
            }
        }
    }

    // The number of articles a term was seen in.
    public int Frequency(int hash) => _df[hash & DfMask];

    // log((documents + 1) / (df + 1)) + 1, as a difference of logs: the first changes once per article, the second
    // comes from a table for all but the commonest terms (a logarithm per call was a tenth of the engine's time).
    public double Idf(int hash) => _logDocuments - LogOf(_df[hash & DfMask] + 1) + 1.0;

    // The mixture's pseudo-count of a word in every topic (a Dirichlet prior): beta, with a share of it handed out by
    // how common the word is in the stream instead of evenly. A new topic then expects "big" or "question" about as
    // often as the stream uses them, so sharing them with a topic says little, while sharing a rare name says much.
    // Frequencies from a few dozen articles are noise (in a fresh install every word of its first story looks
    // common), so the share grows in over the IDF's warm-up.
    public double PriorCount(int hash)
    {
        var share = _options.MixturePriorBackground * Math.Min(1.0, Articles / (double)WarmUpArticles);
        if (share <= 0 || Total == 0)
        {
            return _options.MixtureBeta;
        }

        var vocabulary = (double)Size;
        return _options.MixtureBeta * ((1 - share) + (share * vocabulary * _df[hash & DfMask] / Total));
    }

    public static double LogOf(int n) => n < LogTable.Length ? LogTable[n] : Math.Log(n);

    // The first logarithm of the IDF: the corpus size, capped below while the engine warms up, so that rare terms
    // are not over-trusted before the frequencies mean anything.
    private double LogDocuments() => Math.Log(Math.Max(Articles, WarmUpArticles) + 1.0);
}
