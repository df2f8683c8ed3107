using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aggregator.Web.Clustering.Engine;

// Splitting a topic that holds two stories. Articles join one at a time, so two stories that start out alike (news
// about a celebrity and a parody of his video, two HIV reports from different countries) can grow in one topic: each
// article on its own is likelier in the big topic than alone, though the members as a whole are far likelier as two.
// No single move undoes that; a split move does. After a settle, each topic that gained members and has grown enough
// since its last check is tried: candidate two-way splits are seeded by its common words (members with the word
// against those without), refined by a few sweeps in which each member chooses the likelier part, and the best is made
// when the two parts explain the members better than the whole (a Dirichlet multinomial model's evidence, with the
// prior of a second story and of the partition). The larger part keeps the id; the other becomes a new topic.
public sealed partial class StoryClusterer
{
    private readonly List<TopicSplit> _splits = [];
    private readonly List<Topic> _splitCheck = [];
    private int[] _localKeys = [];
    private int[] _localValues = [];
    private int[] _localStamps = [];
    private int _localStamp;
    private long _wholeTokens;
    private int[] _docSeeds = new int[256];
    private int[] _seedBits = new int[1024];
    private long _settleMark;
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

    /// <summary>Topics split so far.</summary>
    internal long SplitCount { get; private set; }

    // A member of a topic as a split check and a rebuild need it: the vector as read and its time, packed into one
    // array: the terms, their TFs (as float bits), then a 16-bit word per term holding its mixture count and, in the
    // top bit, whether it is a headline term (whose headline TF follows from the count, as when it was read).
    private sealed class Member(string id, long? ticks, int[] data, int length, int tokens)
    {
        private const ushort Headline = 0x8000;
        public const int CountMask = 0x7FFF;

        public string Id { get; } = id;
        public long? Ticks { get; } = ticks;
        public int Tokens { get; } = tokens;
        public int Length { get; } = length;
        public ReadOnlySpan<int> Terms => data.AsSpan(0, Length);
        public ReadOnlySpan<float> Tf => MemoryMarshal.Cast<int, float>(data.AsSpan(Length, Length));
        public ReadOnlySpan<ushort> Packed => MemoryMarshal.Cast<int, ushort>(data.AsSpan(2 * Length))[..Length];

        public static Member Of(string id, long? ticks, int tokens, ReadOnlySpan<int> terms, ReadOnlySpan<int> counts, ReadOnlySpan<float> tf, ReadOnlySpan<float> titleTf)
        {
            var length = terms.Length;
            var data = new int[(2 * length) + ((length + 1) / 2)];
            terms.CopyTo(data);
            MemoryMarshal.Cast<float, int>(tf).CopyTo(data.AsSpan(length));
            var packed = MemoryMarshal.Cast<int, ushort>(data.AsSpan(2 * length));
            for (var i = 0; i < length; i++)
            {
                packed[i] = (ushort)(Math.Min(counts[i], CountMask) | (titleTf[i] > 0 ? Headline : 0));
            }

            return new Member(id, ticks, data, length, tokens);
        }

        // Mixture counts and headline TFs back into the given buffers.
        public void CopyCounts(Span<int> counts, Span<float> titleTf)
        {
            var packed = Packed;
            for (var i = 0; i < packed.Length; i++)
            {
                var count = packed[i] & CountMask;
                counts[i] = count;
                titleTf[i] = (packed[i] & Headline) == 0 ? 0 : 1 + MathF.Log(count);
            }
        }
    }

    public void KeepApart(string topicId, string otherTopicId)
    {
        if (_topics.TryGetValue(topicId, out var topic) && _topics.TryGetValue(otherTopicId, out var other))
        {
            other.Lineage = topic.Lineage;
        }
    }

    // The current vector as a member.
    private Member CurrentMember(string id, long? ticks) => Member.Of(id, ticks, _vectorTokens,
        _vectorTerms.AsSpan(0, _vectorLength), _vectorCount.AsSpan(0, _vectorLength), _vectorTf.AsSpan(0, _vectorLength), _vectorTitleTf.AsSpan(0, _vectorLength));

    // A settled batch's articles become members of the topics they ended in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CommitMembers()
    {
        _settleMark++;
        if (_options.SplitMinSize == 0)
        {
            return;
        }

        foreach (ref readonly var article in CollectionsMarshal.AsSpan(_pending))
        {
            // A carried article is a member of its topic already, unless it chose another on its second look.
            if (Live(article.Topic) is not { } topic || topic.Members is null || ReferenceEquals(topic, article.Carried))
            {
                continue;
            }

            var (offset, length) = (article.Offset, article.Length);
            Remember(topic, Member.Of(article.Id, article.Ticks, article.Tokens, _pendingVectors.Terms.AsSpan(offset, length), _pendingVectors.Counts.AsSpan(offset, length),
                _pendingVectors.Tf.AsSpan(offset, length), _pendingVectors.TitleTf.AsSpan(offset, length)));
        }
    }

    private void Remember(Topic topic, Member member)
    {
        if (topic.Members is not { } members)
        {
            return;
        }

        if (members.Count >= _options.SplitMaxSize)
        {
            topic.Members = null;
            return;
        }

        members.Add(member);
        if (topic.SplitMark != _settleMark)
        {
            topic.SplitMark = _settleMark;
            _splitCheck.Add(topic);
        }
    }

    // Members of a merged topic join those of the topic it merged into.
    private void JoinMembers(Topic into, Topic from)
    {
        if (into.Members is { } members && from.Members is { } others && members.Count + others.Count <= _options.SplitMaxSize)
        {
            members.AddRange(others);
        }
        else
        {
            into.Members = null;
        }

        from.Members = null;
    }

    // Checks the topics that gained members in this settle; returns the batch's articles that moved, by id.
    private Dictionary<string, Topic>? CheckSplits()
    {
        Dictionary<string, Topic>? moved = null;
        for (var i = 0; i < _splitCheck.Count; i++)
        {
            var topic = _splitCheck[i];
            if (!topic.IsOpen || topic.Members is not { } members || members.Count != topic.Size
                || topic.Size < Math.Max(2, Math.Max(_options.SplitMinSize, topic.NextSplitCheck)))
            {
                continue;
            }

            topic.NextSplitCheck = (int)Math.Ceiling(topic.Size * _options.SplitGrowth);
            if (!FindSplit(members))
            {
                continue;
            }

            var (keep, part) = Split(topic);
            moved ??= new Dictionary<string, Topic>(StringComparer.Ordinal);
            foreach (var member in part.Members!)
            {
                moved[member.Id] = part;
            }

            _splitCheck.Add(keep);
            _splitCheck.Add(part);
        }

        _splitCheck.Clear();
        return moved;
    }

    // Whether a two-way split of the members beats the whole; if so, the members of the smaller part are left marked
    // 1 in _bestSide.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FindSplit(List<Member> members)
    {
        var n = members.Count;
        var vocabulary = LoadSplitDocuments(members);
        var beta = _options.SplitBeta;
        var vBeta = Math.Max(_options.MixtureMinVocabulary, _vocabulary) * beta;

        // Seeds: the words in between a tenth and seven tenths of the members, the most common first.
        var low = Math.Max(2, (int)Math.Ceiling(0.1 * n));
        var high = (int)Math.Floor(0.7 * n);
        // The most common first; local numbers follow first use, so ties go to the word seen first.
        var seedCount = 0;
        Span<int> seeds = stackalloc int[_options.SplitSeeds];
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
        var whole = Evidence(_termCountsWhole.AsSpan(0, vocabulary), _wholeTokens, beta, vBeta);
        // Each seed's split as it stands, then sweeps for the most promising one only: the sweeps are most of the cost.
        var bestSeed = -1;
        var bestGain = double.NegativeInfinity;
        for (var s = 0; s < seedCount; s++)
        {
            var (gain, ok) = TrySeed(s, n, vocabulary, beta, vBeta, whole, sweeps: 0);
            if (ok && gain > bestGain)
            {
                (bestSeed, bestGain) = (s, gain);
            }
        }

        if (bestSeed < 0 || TrySeed(bestSeed, n, vocabulary, beta, vBeta, whole, _options.SplitSweeps) is not { Ok: true, Gain: > 0 })
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
    private (double Gain, bool Ok) TrySeed(int seed, int n, int vocabulary, double beta, double vBeta, double whole, int sweeps)
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
            tokens[0] = _wholeTokens - tokens[1];
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
        var prior = Math.Log(_options.SplitPrior) + LogGamma(sizes[0]) + LogGamma(sizes[1]) - LogGamma(n);
        return (parts + prior - whole, true);
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
    // distinct terms. Counts of the whole topic go to _termCountsWhole and documents per term to _termDocs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int LoadSplitDocuments(List<Member> members)
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
        _wholeTokens = 0;
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
                var slot = (int)(Mix((uint)key) & (uint)mask);
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
            _wholeTokens += tokens;
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

        return vocabulary;
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

    // Rebuilds the topic as two: the members marked 1 in _bestSide leave for a new topic, the rest stay under the
    // topic's id and place in the order of topics. Both are built afresh from their members' vectors under the current
    // IDF, as if the members had joined them alone.
    private (Topic Keep, Topic Part) Split(Topic topic)
    {
        var members = topic.Members!;
        var staying = new List<Member>(members.Count);
        var leaving = new List<Member>();
        for (var d = 0; d < members.Count; d++)
        {
            (_bestSide[d] == 1 ? leaving : staying).Add(members[d]);
        }

        var (id, sequence, lineage) = (topic.Id, topic.Sequence, topic.Lineage);
        Evict(topic);
        var keep = OpenTopic(id, sequence);
        // A new topic's id from the topic, its first leaving member and the size: reproducible, and unlike any id the
        // same article could found or any earlier split of the topic could make.
        var part = CreateTopic(NewTopicId(string.Concat(id, "/", leaving[0].Id, "/", members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        topic.MergedInto = keep;
        keep.Lineage = lineage;
        part.Lineage = lineage;
        Rebuild(keep, staying);
        Rebuild(part, leaving);
        // Either part may hold two stories of its own: both are checked again at once.
        keep.NextSplitCheck = 0;
        part.NextSplitCheck = 0;
        SplitCount++;
        _splits.Add(new TopicSplit(id, part.Id, leaving.ConvertAll(m => m.Id)));
        return (keep, part);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rebuild(Topic topic, List<Member> members)
    {
        foreach (var member in members)
        {
            var length = member.Length;
            EnsureVectorCapacity(length);
            _vectorLength = length;
            _vectorTokens = member.Tokens;
            member.Terms.CopyTo(_vectorTerms);
            member.Tf.CopyTo(_vectorTf);
            member.CopyCounts(_vectorCount, _vectorTitleTf);
            WeighVector();
            AddToTopic(topic, member.Ticks);
        }

        topic.Members = members;
        Refresh(topic, allowMerge: false);
    }
}
