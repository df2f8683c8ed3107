using System.Runtime.CompilerServices;
using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Web.Clustering.Engine;

// The article being placed: its terms as read (hash, damped TF, mixture count, headline TF), their weights under the
// current IDF, and what it added to its topic when it joined. The engine keeps one and loads each article into it in
// turn, so placing an article allocates nothing.
internal sealed class ArticleVector
{
    // The mixture rule reads an article as its headline plus this many of its heaviest body terms.
    private const int BodyTerms = 10;

    private readonly TermSums _units = new();
    private bool _unitsStale = true;
    private int[] _bodyOrder = new int[256];
    private long[] _sortKeys = new long[256];

    public int[] Terms { get; private set; } = new int[256];

    public float[] Tf { get; private set; } = new float[256];

    // Mixture counts: how often each term is drawn when the mixture rule reads the article (see CountMixtureTokens).
    public int[] Counts { get; private set; } = new int[256];

    public float[] TitleTf { get; private set; } = new float[256];

    public float[] Weights { get; private set; } = new float[256];

    public float[] Idf { get; private set; } = new float[256];

    // Each term's pseudo-count under the mixture's prior (see Vocabulary.PriorCount).
    public double[] Beta { get; private set; } = new double[256];

    // What the article added to its topic's centroid and headline centroid, so it can be taken out again.
    public float[] Contribution { get; private set; } = new float[256];

    public float[] TitleContribution { get; private set; } = new float[256];

    public int Length { get; set; }

    // The headline's words and names (see StoryCore.NamesOther).
    public HeadlineNames Headline { get; set; } = HeadlineNames.None;

    public int Tokens { get; set; }

    public double Norm { get; private set; }

    public double TitleNorm { get; private set; }

    // Takes in an article as read: raw TFs, and for now headline counts in Counts (see Damp).
    public void Read(ReadOnlySpan<int> hashes, ReadOnlySpan<float> weights, ReadOnlySpan<int> titleCounts)
    {
        EnsureCapacity(hashes.Length);
        Length = hashes.Length;
        _unitsStale = true;
        hashes.CopyTo(Terms);
        weights.CopyTo(Tf);
        titleCounts.CopyTo(Counts);
    }

    // Damps repeated terms (1 + log tf) and derives the headline TF from the headline counts.
    public void Damp()
    {
        for (var i = 0; i < Length; i++)
        {
            var (raw, inTitle) = (Tf[i], Counts[i]);
            TitleTf[i] = inTitle == 0 ? 0 : 1 + MathF.Log(inTitle);
            Tf[i] = raw <= 1 ? raw : 1 + MathF.Log(raw);
        }
    }

    // Puts a packed article back, to be weighed again with the current IDF.
    public void Load(PackedVectors from, int offset, int length, int tokens)
    {
        EnsureCapacity(length);
        Length = length;
        Tokens = tokens;
        _unitsStale = true;
        from.Terms.AsSpan(offset, length).CopyTo(Terms);
        from.Tf.AsSpan(offset, length).CopyTo(Tf);
        from.Counts.AsSpan(offset, length).CopyTo(Counts);
        from.TitleTf.AsSpan(offset, length).CopyTo(TitleTf);
    }

    // Puts a topic's member back, to be weighed again with the current IDF.
    public void Load(Member member)
    {
        var length = member.Length;
        EnsureCapacity(length);
        Length = length;
        Tokens = member.Tokens;
        _unitsStale = true;
        member.Terms.CopyTo(Terms);
        member.Tf.CopyTo(Tf);
        member.CopyCounts(Counts, TitleTf);
        Headline = member.Headline;
    }

    // TF-IDF weights and norms under the vocabulary's current IDF.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Weigh(Vocabulary vocabulary)
    {
        var norm = 0.0;
        for (var i = 0; i < Length; i++)
        {
            var idf = vocabulary.Idf(Terms[i]);
            var weight = Tf[i] * idf;
            Idf[i] = (float)idf;
            Beta[i] = vocabulary.PriorCount(Terms[i]);
            Weights[i] = (float)weight;
            norm += weight * weight;
        }

        Norm = Math.Sqrt(norm);
        _unitsStale = true;
        var sum = 0.0;
        for (var i = 0; i < Length; i++)
        {
            var weight = TitleTf[i] * Idf[i];
            sum += weight * weight;
        }

        TitleNorm = Math.Sqrt(sum);
    }

    // Each term's weight over the norm (0 for a term the article lacks), looked up by term; built when first asked for
    // after the article was read or loaded and weighed.
    public TermSums Units()
    {
        if (_unitsStale)
        {
            _unitsStale = false;
            _units.Clear();
            for (var i = 0; i < Length && Norm > 0; i++)
            {
                _units.Add(Terms[i], (float)(Weights[i] / Norm));
            }
        }

        return _units;
    }

    // The mixture rule reads an article as its headline's words plus its few heaviest body terms, once each. Short
    // texts are what the model was made for; fed a whole body, a broad topic's vocabulary outscores every story.
    public void CountMixtureTokens()
    {
        var body = 0;
        for (var i = 0; i < Length; i++)
        {
            if (Counts[i] == 0)
            {
                _bodyOrder[body++] = i;
            }
        }

        var keep = Math.Min(body, BodyTerms);
        if (keep < body)
        {
            SortByWeight(_bodyOrder.AsSpan(0, body));
        }

        for (var k = 0; k < keep; k++)
        {
            Counts[_bodyOrder[k]] = 1;
        }

        Tokens = 0;
        for (var i = 0; i < Length; i++)
        {
            Tokens += Counts[i];
        }
    }

    // Orders positions by weight, heaviest first, ties by term hash: one packed key per position sorted in tandem
    // with the positions, without a comparison delegate.
    public void SortByWeight(Span<int> positions)
    {
        if (_sortKeys.Length < positions.Length)
        {
            _sortKeys = new long[Math.Max(positions.Length, _sortKeys.Length * 2)];
        }

        var keys = _sortKeys.AsSpan(0, positions.Length);
        for (var k = 0; k < positions.Length; k++)
        {
            var i = positions[k];
            // Non-negative floats order as their bits do; the complement puts the heaviest first.
            var weight = ~(uint)BitConverter.SingleToInt32Bits(Math.Max(0f, Weights[i]));
            keys[k] = (long)(((ulong)weight << 32) | ((uint)Terms[i] ^ 0x8000_0000u)) ^ long.MinValue;
        }

        keys.Sort(positions);
    }

    // Packs the vector and what it added to its topic into the given set; returns where it starts.
    public int PackInto(PackedVectors into)
    {
        var offset = into.Reserve(Length);
        Terms.AsSpan(0, Length).CopyTo(into.Terms.AsSpan(offset));
        Tf.AsSpan(0, Length).CopyTo(into.Tf.AsSpan(offset));
        Counts.AsSpan(0, Length).CopyTo(into.Counts.AsSpan(offset));
        TitleTf.AsSpan(0, Length).CopyTo(into.TitleTf.AsSpan(offset));
        Contribution.AsSpan(0, Length).CopyTo(into.Contribution.AsSpan(offset));
        TitleContribution.AsSpan(0, Length).CopyTo(into.TitleContribution.AsSpan(offset));
        return offset;
    }

    // Records, in the packed copy, what the vector just added to its (new) topic.
    public void KeepContributionIn(PackedVectors into, int offset)
    {
        Contribution.AsSpan(0, Length).CopyTo(into.Contribution.AsSpan(offset));
        TitleContribution.AsSpan(0, Length).CopyTo(into.TitleContribution.AsSpan(offset));
    }

    public Member ToMember(string id, long? ticks) =>
        Member.Of(id, ticks, Tokens, Terms.AsSpan(0, Length), Counts.AsSpan(0, Length), Tf.AsSpan(0, Length), TitleTf.AsSpan(0, Length), Headline);

    private void EnsureCapacity(int count)
    {
        if (Terms.Length >= count)
        {
            return;
        }

        var size = Math.Max(count, Terms.Length * 2);
        Terms = new int[size];
        Tf = new float[size];
        Weights = new float[size];
        Idf = new float[size];
        Beta = new double[size];
        Counts = new int[size];
        _bodyOrder = new int[size];
        TitleTf = new float[size];
        Contribution = new float[size];
        TitleContribution = new float[size];
    }
}
