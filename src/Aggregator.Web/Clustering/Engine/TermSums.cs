using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

// Sums of weights by term: an open-addressing table of int keys, listed in the order keys were first added (so sums
// over it are made in one order). Built and looked up far more often than a general dictionary needs to be.
internal sealed class TermSums
{
    // Entry number + 1 per slot (0: empty); at most half full.
    private int[] _slots = new int[64];
    private int[] _keys = new int[32];
    private float[] _values = new float[32];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Keys => _keys.AsSpan(0, Count);

    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    public void Clear()
    {
        if (Count > 0)
        {
            Array.Clear(_slots);
            Count = 0;
        }
    }

    // Adds the weight to the key's sum.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int key, float weight)
    {
        var entry = Find(key, out var slot);
        if (entry >= 0)
        {
            _values[entry] += weight;
            return;
        }

        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }

        _keys[Count] = key;
        _values[Count] = weight;
        _slots[slot] = ++Count;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }
    }

    // The key's sum, or 0 if absent.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Get(int key) => Find(key, out _) is var entry and >= 0 ? _values[entry] : 0;

    // The key's entry, or -1 with slot at the empty slot where it would go.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(int key, out int slot)
    {
        var mask = _slots.Length - 1;
        slot = Slot(key, mask);
        for (var entry = _slots[slot]; entry != 0; entry = _slots[slot])
        {
            if (_keys[entry - 1] == key)
            {
                return entry - 1;
            }

            slot = (slot + 1) & mask;
        }

        return -1;
    }

    // A multiplicative hash, its high bits folded into the low ones the mask keeps.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(int key, int mask)
    {
        var hash = (uint)key * 0x9E3779B1u;
        return (int)(hash ^ (hash >> 16)) & mask;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var e = 0; e < Count; e++)
        {
            var slot = Slot(_keys[e], mask);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = e + 1;
        }
    }
}
