using System.Numerics;
using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

// Whether a topic's members are likelier as two stories than as one, under a Dirichlet multinomial model's evidence
// with the prior of a second story and of the partition. Candidate two-way splits are seeded by the topic's common
// words (members with the word against those without) and the most promising is refined by a few sweeps in which each
// member chooses the likelier part. The members are laid out as documents of local term numbers in buffers the search
// owns and reuses.
internal sealed class SplitSearch
{
    // The pseudo-count of every word in each part and in the whole: larger than the join rule's on purpose, since a
    // split moves many stored articles at once, so it is judged by a smoother model that needs the parts'
    // vocabularies to differ clearly, not by a few words each.
    private const double Beta = 0.1;

    // The weight of a second story against one (the concentration of the two-part prior).
    private const double Prior = 1;

    // How many of the topic's common words each seed a candidate split, and the sweeps refining the best one.
    private const int Seeds = 5;
    private const int Sweeps = 2;

    private int[] _localKeys = [];
    private int[] _localValues = [];
    private int[] _localStamps = [];
    private int _localStamp;
    private int[] _docSeeds = new int[256];
    private int[] _seedBits = new int[1024];
    private double[] _logRise = [0.0];
    private int[] _docStart = new int[256];
    private int[] _docTerms = new int[1024];
    private int[] _docCounts = new int[1024];
    private int[] _docTokens = new int[256];
    private int[] _side = new int[256];
    private int[] _bestSide = new int[256];
    private int[] _termDocs = new int[1024];
    private int[] _termCountsWhole = new int[1024];
    private int[] _partCounts = new int[2048];

    // After FindSplit found a split: 1 for each member of the smaller part, which leaves.
    public ReadOnlySpan<int> Leaving(int members) => _bestSide.AsSpan(0, members);

    // Whether a two-way split of the members beats the whole; if so, Leaving marks the members of the smaller part.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool FindSplit(List<Member> members, int vocabularySize)
    {
        var n = members.Count;
        var (vocabulary, wholeTokens) = LoadSplitDocuments(members);
        var beta = Beta;
        var vBeta = vocabularySize * beta;

        // Seeds: the words in between a tenth and seven tenths of the members, the most common first.
        var low = Math.Max(2, (int)Math.Ceiling(0.1 * n));
        var high = (int)Math.Floor(0.7 * n);
        // The most common first; local numbers follow first use, so ties go to the word seen first.
        var seedCount = 0;
        Span<int> seeds = stackalloc int[Seeds];
        for (var term = 0; term < vocabulary; term++)
        {
            var docs = _termDocs[term];
            if (docs < low || docs > high || (seedCount == seeds.Length && docs <= _termDocs[seeds[^1]]))
            {
                continue;
            }

            var at = Math.Min(seedCount, seeds.Length - 1);
            while (at > 0 && _termDocs[seeds[at - 1]] < docs)
            {
                seeds[at] = seeds[at - 1];
                at--;
            }

            seeds[at] = term;
            seedCount = Math.Min(seedCount + 1, seeds.Length);
        }

        if (seedCount == 0)
        {
            return false;
        }

        EnsureSplitCapacity(n, vocabulary);
        MarkSeeds(seeds[..seedCount], n, vocabulary);
        var whole = Evidence(_termCountsWhole.AsSpan(0, vocabulary), wholeTokens, beta, vBeta);
        // Each seed's split as it stands, then sweeps for the most promising one only: the sweeps are most of the cost.
        var bestSeed = -1;
        var bestGain = double.NegativeInfinity;
        for (var s = 0; s < seedCount; s++)
        {
            var (gain, ok) = TrySeed(s, n, vocabulary, beta, vBeta, (whole, wholeTokens), sweeps: 0);
            if (ok && gain > bestGain)
            {
                (bestSeed, bestGain) = (s, gain);
            }
        }

        if (bestSeed < 0 || TrySeed(bestSeed, n, vocabulary, beta, vBeta, (whole, wholeTokens), Sweeps) is not { Ok: true, Gain: > 0 })
        {
            return false;
        }

        _side.AsSpan(0, n).CopyTo(_bestSide);
        var ones = 0;
        for (var d = 0; d < n; d++)
        {
            ones += _bestSide[d];
        }

        if (2 * ones > n || (2 * ones == n && _bestSide[0] == 1))
        {
            for (var d = 0; d < n; d++)
            {
                _bestSide[d] ^= 1;
            }
        }

        return true;
    }

    // One candidate: members with the seed word against those without, then sweeps. Returns the evidence gained.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double Gain, bool Ok) TrySeed(int seed, int n, int vocabulary, double beta, double vBeta, (double Evidence, long Tokens) whole, int sweeps)
    {
        var counts = _partCounts.AsSpan(0, 2 * vocabulary);
        counts.Clear();
        Span<long> tokens = stackalloc long[2];
        Span<int> sizes = stackalloc int[2];
        var bit = 1 << seed;
        for (var d = 0; d < n; d++)
        {
            var side = (_docSeeds[d] & bit) == 0 ? 0 : 1;
            _side[d] = side;
            if (side == 1 || sweeps > 0)
            {
                Move(d, side, +1, counts, tokens, sizes, vocabulary);
            }
        }

        if (sweeps == 0)
        {
            // Unrefined, the rest is the whole less the seed's side.
            for (var term = 0; term < vocabulary; term++)
            {
                counts[term] = _termCountsWhole[term] - counts[vocabulary + term];
            }

            sizes[0] = n - sizes[1];
            tokens[0] = whole.Tokens - tokens[1];
        }

        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            var changed = 0;
            for (var d = 0; d < n; d++)
            {
                var side = _side[d];
                Move(d, side, -1, counts, tokens, sizes, vocabulary);
                var other = 1 - side;
                if (sizes[other] > 0 && (sizes[side] == 0 || Prefers(d, side, other, counts, tokens, sizes, beta, vBeta, vocabulary)))
                {
                    side = other;
                    changed++;
                }

                _side[d] = side;
                Move(d, side, +1, counts, tokens, sizes, vocabulary);
            }

            if (changed == 0)
            {
                break;
            }
        }

        if (sizes[0] == 0 || sizes[1] == 0)
        {
            return (0, false);
        }

        var parts = Evidence(counts[..vocabulary], tokens[0], beta, vBeta) + Evidence(counts[vocabulary..], tokens[1], beta, vBeta);
        var prior = Math.Log(Prior) + LogGamma(sizes[0]) + LogGamma(sizes[1]) - LogGamma(n);
        return (parts + prior - whole.Evidence, true);
    }

    // Which of the seeds each member holds, one bit a seed.
    private void MarkSeeds(ReadOnlySpan<int> seeds, int n, int vocabulary)
    {
        if (_seedBits.Length < vocabulary)
        {
            _seedBits = new int[Math.Max(vocabulary, _seedBits.Length * 2)];
        }

        _seedBits.AsSpan(0, vocabulary).Clear();
        for (var s = 0; s < seeds.Length; s++)
        {
            _seedBits[seeds[s]] = 1 << s;
        }

        for (var d = 0; d < n; d++)
        {
            var bits = 0;
            for (var p = _docStart[d]; p < _docStart[d + 1]; p++)
            {
                bits |= _seedBits[_docTerms[p]];
            }

            _docSeeds[d] = bits;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Move(int d, int side, int sign, Span<int> counts, Span<long> tokens, Span<int> sizes, int vocabulary)
    {
        var offset = side * vocabulary;
        for (var p = _docStart[d]; p < _docStart[d + 1]; p++)
        {
            counts[offset + _docTerms[p]] += sign * _docCounts[p];
        }

        tokens[side] += sign * _docTokens[d];
        sizes[side] += sign;
    }

    // Whether a member is likelier in the other part than in its own (both weighted by their sizes). The two
    // probabilities are products of a few dozen factors, compared as they are unless one leaves the safe range.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Prefers(int d, int side, int other, Span<int> counts, Span<long> tokens, Span<int> sizes, double beta, double vBeta, int vocabulary)
    {
        var (stayLog, stay) = DocumentProbability(d, side, counts, tokens[side], beta, vBeta, vocabulary);
        var (goLog, go) = DocumentProbability(d, other, counts, tokens[other], beta, vBeta, vocabulary);
        stay *= sizes[side];
        go *= sizes[other];
        return stayLog == 0 && goLog == 0 && stay > 1e-290 && go > 1e-290
            ? go > stay
            : goLog + Math.Log(go) > stayLog + Math.Log(stay);
    }

    // The probability of a member's words drawn into a part holding the given counts, as a logged part and a product.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double Log, double Product) DocumentProbability(int d, int side, Span<int> counts, long total, double beta, double vBeta, int vocabulary)
    {
        var offset = side * vocabulary;
        var log = 0.0;
        var product = 1.0;
        for (var p = _docStart[d]; p < _docStart[d + 1]; p++)
        {
            var start = counts[offset + _docTerms[p]] + beta;
            for (var j = 0; j < _docCounts[p]; j++)
            {
                product *= start + j;
            }

            if (product < 1e-150)
            {
                log += Math.Log(product);
                product = 1.0;
            }
        }

        var first = total + vBeta;
        for (var t = 0; t < _docTokens[d]; t++)
        {
            product /= first + t;
            if (product < 1e-150)
            {
                log += Math.Log(product);
                product = 1.0;
            }
        }

        return (log, product);
    }

    // The evidence of a part's (or the whole topic's) words: the product over words of beta's rising factorial to the
    // word's count, over vBeta's rising factorial to the token total.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Evidence(ReadOnlySpan<int> counts, long total, double beta, double vBeta)
    {
        var log = 0.0;
        foreach (var count in counts)
        {
            log += LogRise(count, beta);
        }

        return log - (LogGamma(vBeta + total) - LogGamma(vBeta));
    }

    // log(beta (beta + 1) ... (beta + count - 1)), from a table for the split's beta grown on demand.
    private double LogRise(int count, double beta)
    {
        if (count >= _logRise.Length)
        {
            var table = new double[Math.Max(count + 1, _logRise.Length * 2)];
            _logRise.CopyTo(table, 0);
            for (var k = Math.Max(1, _logRise.Length); k < table.Length; k++)
            {
                table[k] = table[k - 1] + Math.Log(beta + k - 1);
            }

            _logRise = table;
        }

        return _logRise[count];
    }

    // The logarithm of the gamma function for positive x (Lanczos's approximation, g = 7, nine terms; relative error
    // about 1e-15), so a rising factorial over thousands of tokens costs one call, not thousands of products.
    private static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection, for the small pseudo-counts.
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = LanczosCoefficients[0];
        for (var k = 1; k < LanczosCoefficients.Length; k++)
        {
            sum += LanczosCoefficients[k] / (x + k);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    // Maps the members' terms to local numbers and lays their mixture tokens out as documents; returns the number of
    // distinct terms and the tokens of the whole. Counts of the whole topic go to _termCountsWhole and documents per
    // term to _termDocs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int Vocabulary, long Tokens) LoadSplitDocuments(List<Member> members)
    {
        var n = members.Count;
        var entries = 0;
        foreach (var member in members)
        {
            entries += member.Length;
        }

        if (_docStart.Length < n + 1)
        {
            _docStart = new int[Math.Max(n + 1, _docStart.Length * 2)];
            _docTokens = new int[_docStart.Length];
        }

        if (_docTerms.Length < entries)
        {
            _docTerms = new int[Math.Max(entries, _docTerms.Length * 2)];
            _docCounts = new int[_docTerms.Length];
        }

        // Local numbers for the terms, from an open-addressing table at least twice the entries (a fresh stamp per
        // check marks the slots in use, so the table is never cleared).
        var slots = Math.Max(64, (int)BitOperations.RoundUpToPowerOf2((uint)(2 * entries)));
        if (_localKeys.Length < slots)
        {
            _localKeys = new int[slots];
            _localValues = new int[slots];
            _localStamps = new int[slots];
            _localStamp = 0;
        }

        var stamp = ++_localStamp;
        var mask = _localKeys.Length - 1;
        var vocabulary = 0;
        var used = 0;
        var wholeTokens = 0L;
        for (var d = 0; d < n; d++)
        {
            var member = members[d];
            _docStart[d] = used;
            var terms = member.Terms;
            var packed = member.Packed;
            var tokens = 0;
            for (var i = 0; i < terms.Length; i++)
            {
                var count = packed[i] & Member.CountMask;
                if (count == 0)
                {
                    continue;
                }

                var key = terms[i];
                var slot = (int)(TopicIds.Mix((uint)key) & (uint)mask);
                while (_localStamps[slot] == stamp && _localKeys[slot] != key)
                {
                    slot = (slot + 1) & mask;
                }

                if (_localStamps[slot] != stamp)
                {
                    (_localStamps[slot], _localKeys[slot], _localValues[slot]) = (stamp, key, vocabulary++);
                }

                _docTerms[used] = _localValues[slot];
                _docCounts[used] = count;
                tokens += count;
                used++;
            }

            _docTokens[d] = tokens;
            wholeTokens += tokens;
        }

        _docStart[n] = used;

        if (_termDocs.Length < vocabulary)
        {
            _termDocs = new int[Math.Max(vocabulary, _termDocs.Length * 2)];
            _termCountsWhole = new int[_termDocs.Length];
        }

        _termDocs.AsSpan(0, vocabulary).Clear();
        _termCountsWhole.AsSpan(0, vocabulary).Clear();
        for (var p = 0; p < used; p++)
        {
            _termDocs[_docTerms[p]]++;
            _termCountsWhole[_docTerms[p]] += _docCounts[p];
        }

        return (vocabulary, wholeTokens);
    }

    private void EnsureSplitCapacity(int n, int vocabulary)
    {
        if (_side.Length < n)
        {
            _side = new int[Math.Max(n, _side.Length * 2)];
            _bestSide = new int[_side.Length];
            _docSeeds = new int[_side.Length];
        }

        if (_partCounts.Length < 2 * vocabulary)
        {
            _partCounts = new int[Math.Max(2 * vocabulary, _partCounts.Length * 2)];
        }
    }
}
