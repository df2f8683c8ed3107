using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

// Ranks a topic's terms by their TF-IDF weight under the current IDF, ties by hash: the heaviest few to index the
// topic under, or the last term kept when a topic is cut back to its heaviest.
internal sealed class TermRanker
{
    private int[] _hashes = new int[256];
    private RankKey[] _keys = new RankKey[256];

    // The topic's k heaviest centroid terms, in order. One pass keeping a sorted run of k: a topic holds hundreds of
    // terms. The span is valid until the next call.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<int> TopTerms(OpenTopic topic, int k, Vocabulary vocabulary)
    {
        if (k <= 0)
        {
            return [];
        }

        EnsureCapacity(k + 1);
        var keys = _keys;
        var n = 0;
        foreach (ref readonly var entry in topic.Terms.Slots.AsSpan())
        {
            if (entry.Key == 0 || entry.Mass <= 0)
            {
                continue;
            }

            var key = new RankKey(-(float)(entry.Mass * vocabulary.Idf(entry.Key)), entry.Key, entry.Mass);
            if (n == k && key.CompareTo(keys[n - 1]) >= 0)
            {
                continue;
            }

            var at = n < k ? n++ : n - 1;
            while (at > 0 && key.CompareTo(keys[at - 1]) < 0)
            {
                keys[at] = keys[at - 1];
                at--;
            }

            keys[at] = key;
        }

        for (var i = 0; i < n; i++)
        {
            _hashes[i] = keys[i].Hash;
        }

        return _hashes.AsSpan(0, n);
    }

    // The key of the last term kept when only the heaviest `keep` of the topic's centroid (or headline) terms stay.
    public RankKey Floor(OpenTopic topic, bool headline, int keep, Vocabulary vocabulary)
    {
        EnsureCapacity(topic.Terms.Count);
        var n = 0;
        foreach (ref readonly var entry in topic.Terms.Slots.AsSpan())
        {
            var mass = headline ? entry.Title : entry.Mass;
            if (entry.Key != 0 && mass > 0)
            {
                _keys[n++] = new RankKey(-(float)(mass * vocabulary.Idf(entry.Key)), entry.Key, mass);
            }
        }

        Array.Sort(_keys, 0, n);
        return _keys[Math.Min(keep, n) - 1];
    }

    // Whether a term ranks at or above the floor.
    public static bool IsKept(float mass, int hash, RankKey floor, Vocabulary vocabulary)
    {
        var key = new RankKey(-(float)(mass * vocabulary.Idf(hash)), hash, mass);
        return key.CompareTo(floor) <= 0;
    }

    private void EnsureCapacity(int count)
    {
        if (_hashes.Length < count)
        {
            var size = Math.Max(count, _hashes.Length * 2);
            _hashes = new int[size];
            _keys = new RankKey[size];
        }
    }
}

internal readonly record struct RankKey(float NegativeWeight, int Hash, float Mass) : IComparable<RankKey>
{
    public int CompareTo(RankKey other)
    {
        var byWeight = NegativeWeight.CompareTo(other.NegativeWeight);
        return byWeight != 0 ? byWeight : Hash.CompareTo(other.Hash);
    }
}
