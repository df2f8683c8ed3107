using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Web.Clustering.Engine;

// The reports of a topic that agree with each other: its first report, and each later one that matches those before
// it closely. A story's reports say the same thing, so a new report matches its core; a theme (a trade show, a week
// of chatter about one product) grows by items that each share a little with the last, and never gains a core that
// the next item matches. Articles join a topic only when they match its core (see LateJoin), so a topic cannot drift
// from its event; the core follows a developing story, since a strongly matching report joins it and the oldest
// leaves once it is full. Each report is kept as its heaviest terms' unit TF-IDF weights, under the IDF of the moment
// it joined.
internal sealed class StoryCore
{
    // The newest agreeing reports make the core: enough to follow a story's developments without keeping a week's
    // coverage.
    public const int MaxReports = 12;

    // Cosine to the core at which a report joins it: it says what the core's reports say.
    public const double Agreement = 0.35;

    // Share of the core's recurring names (weighed by rarity) an article's headline must keep to name the same thing.
    private const double NamesKept = 0.5;

    // Agreeing reports remembered beyond those summed, so one that leaves again gives its place back.
    private const int MaxKept = 64;

    private static readonly Comparer<Report> Chronologically = Comparer<Report>.Create(
        static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.Id, b.Id));

    // The terms kept of each report: the heaviest carry its cosine.
    private const int TermsPerReport = 48;

    // Oldest first.
    private readonly List<Report> _reports = [];
    private TermSums? _mass;
    private double _squared;

    // The sum and names are stale: rebuilt when next asked for (a settle sweep takes an article out and puts it back
    // before anything looks).
    private bool _stale;
    private bool _namesStale;

    // The summed reports' headline words, and the names most of them say, each with its term (see NamesOther).
    private readonly HashSet<int> _headlineKeys = [];
    private readonly List<(int Key, int Term)> _named = [];

    public int Count => Math.Min(_reports.Count, MaxReports);

    // Cosine between the article and the sum of the core's reports; 0 for an empty core.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Cosine(ArticleVector vector)
    {
        Build();
        if (_mass is null || _squared <= 0 || vector.Norm <= 0)
        {
            return 0;
        }

        var dot = 0.0;
        var weights = vector.Weights;
        for (var i = 0; i < vector.Length; i++)
        {
            dot += weights[i] * _mass.Get(vector.Terms[i]);
        }

        return dot / (vector.Norm * Math.Sqrt(_squared));
    }

    // Whether the article says what one of the core's reports says: its cosine with a single report (over the terms
    // the report keeps) reaches the bar. A theme's item shares its field's words with many of the core's reports at
    // once and so matches their sum, while a report of the story matches one of them closely.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool AgreesWithAReport(ArticleVector vector, double bar)
    {
        if (vector.Norm <= 0)
        {
            return false;
        }

        var units = vector.Units();
        for (var r = _reports.Count - 1; r >= Math.Max(0, _reports.Count - MaxReports); r--)
        {
            var report = _reports[r];
            var dot = 0.0;
            for (var k = 0; k < report.Terms.Length; k++)
            {
                dot += report.Units[k] * units.Get(report.Terms[k]);
            }

            if (dot >= bar)
            {
                return true;
            }
        }

        return false;
    }

    // Cosine between two cores.
    public double Cosine(StoryCore other)
    {
        Build();
        other.Build();
        if (_mass is null || other._mass is null || _squared <= 0 || other._squared <= 0)
        {
            return 0;
        }

        var (small, large) = _mass.Count <= other._mass.Count ? (_mass, other._mass) : (other._mass, _mass);
        var dot = 0.0;
        var terms = small.Keys;
        var masses = small.Values;
        for (var i = 0; i < terms.Length; i++)
        {
            dot += masses[i] * large.Get(terms[i]);
        }

        return dot / Math.Sqrt(_squared * other._squared);
    }

    // Takes the article in as a report of the core; when full, the oldest report drops out of it.
    public void Add(string id, long ticks, ArticleVector vector)
    {
        if (vector.Norm <= 0)
        {
            return;
        }

        // The heaviest terms first, ties by position: one sort key per term (a weight's bits order as the weight does,
        // weights being never negative), so the sort needs no comparer.
        var kept = Math.Min(TermsPerReport, vector.Length);
        var weights = vector.Weights;
        Span<long> order = vector.Length <= 1024 ? stackalloc long[vector.Length] : new long[vector.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = ((long)(int.MaxValue - BitConverter.SingleToInt32Bits(Math.Max(weights[i], 0f))) << 32) | (uint)i;
        }

        if (kept < order.Length)
        {
            order.Sort();
        }

        var terms = new int[kept];
        var units = new float[kept];
        for (var k = 0; k < kept; k++)
        {
            var i = (int)(order[k] & uint.MaxValue);
            terms[k] = vector.Terms[i];
            units[k] = (float)(weights[i] / vector.Norm);
        }

        var report = new Report(id, ticks, terms, units, vector.Headline);
        if (!_stale && _reports.Count < MaxReports && (_reports.Count == 0 || Chronologically.Compare(_reports[^1], report) < 0))
        {
            // The newest report of a core not yet full: adding it to the sum gives exactly the rebuilt sum.
            var mass = _mass ??= new TermSums();
            _reports.Add(report);
            Accumulate(mass, report);
            _squared = SumOfSquares(mass);
            _namesStale = true;
            return;
        }

        Insert(report);
        _stale = true;
    }

    // Takes the article out, if it is one of the core's reports; returns what it was (null: not in the core).
    public Report? Remove(string id)
    {
        var index = _reports.FindIndex(r => r.Id == id);
        if (index < 0)
        {
            return null;
        }

        var report = _reports[index];
        _reports.RemoveAt(index);
        _stale = true;
        return report;
    }

    // An article that left and came back to the same topic in a settle sweep is in the core exactly as before, as if
    // it had kept its choice (see StoryClusterer.IsSettled): its place there does not depend on the sweeps.
    public void Return(string id, Report? before)
    {
        Remove(id);
        if (before is not null)
        {
            Insert(before);
            _stale = true;
        }
    }

    // Takes in another core's reports (a twin merged in): the newest are kept.
    public void Absorb(StoryCore other)
    {
        foreach (var report in other._reports)
        {
            Insert(report);
        }

        _stale = true;
    }

    // Puts the report in its place by time; beyond MaxKept the oldest is forgotten.
    private void Insert(Report report)
    {
        var at = _reports.BinarySearch(report, Chronologically);
        _reports.Insert(at < 0 ? ~at : at, report);
        if (_reports.Count > MaxKept)
        {
            _reports.RemoveAt(0);
        }
    }

    // The core's sum is rebuilt from its newest reports in a fixed order once they changed, so it depends only on
    // which reports it holds, never on the order they came and went: a report that leaves brings back the one it
    // displaced, and floating-point sums are made in one order (appending the newest report to a core not yet full
    // adds in that same order).
    private void Build()
    {
        if (!_stale)
        {
            return;
        }

        _stale = false;
        var mass = _mass ??= new TermSums();
        mass.Clear();
        for (var r = Math.Max(0, _reports.Count - MaxReports); r < _reports.Count; r++)
        {
            Accumulate(mass, _reports[r]);
        }

        _squared = SumOfSquares(mass);
        _namesStale = true;
    }

    private static void Accumulate(TermSums mass, Report report)
    {
        for (var k = 0; k < report.Terms.Length; k++)
        {
            mass.Add(report.Terms[k], report.Units[k]);
        }
    }

    private static double SumOfSquares(TermSums mass)
    {
        var squared = 0.0;
        foreach (var value in mass.Values)
        {
            squared += (double)value * value;
        }

        return squared;
    }

    // The words of the summed reports' headlines, and the names at least half of those headlines say.
    private void BuildNames()
    {
        Build();
        if (!_namesStale)
        {
            return;
        }

        _namesStale = false;
        _headlineKeys.Clear();
        _named.Clear();
        var first = Math.Max(0, _reports.Count - MaxReports);
        for (var r = first; r < _reports.Count; r++)
        {
            _headlineKeys.UnionWith(_reports[r].Headline.Keys);
        }

        var reports = _reports.Count - first;
        for (var r = first; r < _reports.Count; r++)
        {
            var headline = _reports[r].Headline;
            for (var n = 0; n < headline.Names.Length; n++)
            {
                var key = headline.Names[n];
                if (IsNamed(key))
                {
                    continue;
                }

                var saying = 0;
                for (var o = first; o < _reports.Count; o++)
                {
                    saying += _reports[o].Headline.Says(key) ? 1 : 0;
                }

                if (2 * saying >= reports)
                {
                    _named.Add((key, headline.NameTerms[n]));
                }
            }
        }
    }

    private bool IsNamed(int key)
    {
        foreach (var (named, _) in _named)
        {
            if (named == key)
            {
                return true;
            }
        }

        return false;
    }

    // Whether the article's headline names another thing than the core's headlines do: it names something rare that
    // none of them says, and leaves out most of what they keep naming (by rarity). A maker's launches at a show share
    // the maker and the show, yet each names its own product ("Legion Go 2", "ThinkPad X1 Carbon"); a developing
    // story's follow-up names someone new but keeps naming the story's subject ("Ofcom investigates X over Grok").
    public bool NamesOther(HeadlineNames article, Vocabulary vocabulary, double minIdf)
    {
        BuildNames();
        if (article.Names.Length == 0 || _named.Count == 0)
        {
            return false;
        }

        var newName = false;
        for (var i = 0; i < article.Names.Length && !newName; i++)
        {
            newName = vocabulary.Idf(article.NameTerms[i]) >= minIdf && !_headlineKeys.Contains(article.Names[i]);
        }

        return newName && KeepsFew(article.Says, vocabulary, minIdf);
    }

    // The same between two cores (twins about to merge), each way: the names most of one's headlines say against all
    // the other's headlines.
    public bool NamesOther(StoryCore other, Vocabulary vocabulary, double minIdf)
    {
        BuildNames();
        other.BuildNames();
        return other.NamesNew(this, vocabulary, minIdf) && KeepsFew(other._headlineKeys.Contains, vocabulary, minIdf)
            || NamesNew(other, vocabulary, minIdf) && other.KeepsFew(_headlineKeys.Contains, vocabulary, minIdf);
    }

    private bool NamesNew(StoryCore other, Vocabulary vocabulary, double minIdf) =>
        _named.Exists(n => vocabulary.Idf(n.Term) >= minIdf && !other._headlineKeys.Contains(n.Key));

    // Whether headlines saying the given words keep less than NamesKept of this core's recurring names, by rarity.
    private bool KeepsFew(Func<int, bool> says, Vocabulary vocabulary, double minIdf)
    {
        double named = 0, kept = 0;
        foreach (var (key, term) in _named)
        {
            var idf = vocabulary.Idf(term);
            if (idf >= minIdf)
            {
                named += idf;
                kept += says(key) ? idf : 0;
            }
        }

        return named > 0 && kept < NamesKept * named;
    }

    internal sealed record Report(string Id, long Ticks, int[] Terms, float[] Units, HeadlineNames Headline);
}
