using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

/// <summary>What a topic (or the article being read) holds for one term.</summary>
internal struct TermEntry
{
    /// <summary>The term's hash; 0 marks an empty slot (term hashes are never 0).</summary>
    public int Key;

    /// <summary>Centroid mass: the members' unit TF-IDF weights summed, divided by IDF.</summary>
    public float Mass;

    /// <summary>Headline centroid mass, likewise.</summary>
    public float Title;

    /// <summary>How often the mixture rule saw the term in the members.</summary>
    public int Count;

    public readonly bool IsEmpty => Mass == 0 && Title == 0 && Count == 0;
}

/// <summary>
/// A topic's terms: one open-addressing table (linear probing, Fibonacci hashing, backward-shift deletion) holding
/// centroid mass, headline mass and mixture count together, so scoring an article against a topic costs one probe
/// per term instead of one per dictionary, and the probes stay in one compact array.
/// </summary>
internal sealed class TermTable
{
    private TermEntry[] _slots;

    // The slots' keys again, packed: a lookup probes this array (a quarter of the bytes), and touches the slot itself
    // only when the term is there. Most terms of an article are not in a given topic.
    private int[] _keys;
    private int _shift;
    private int _used;

    public TermTable(int capacity = 16)
    {
        var size = 16;
        while (size * 3 < capacity * 4)
        {
            size *= 2;
        }

        _slots = new TermEntry[size];
        _keys = new int[size];
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
    }

    /// <summary>Terms held.</summary>
    public int Count => _used;

    /// <summary>The raw slots, for a pass over every term: skip those whose <see cref="TermEntry.Key"/> is 0.</summary>
    public TermEntry[] Slots => _slots;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(int key) => (int)(((uint)key * 0x9E3779B9u) >> _shift);

    /// <summary>The slot holding the term, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(int key)
    {
        var keys = _keys;
        var mask = keys.Length - 1;
        var i = Home(key);
        while (true)
        {
            var found = keys[i];
            if (found == key)
            {
                return i;
            }

            if (found == 0)
            {
                return -1;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>The entry for the term, added (all zero) when missing. The reference is valid until the next add.</summary>
    public ref TermEntry Upsert(int key) => ref Upsert(key, out _);

    /// <summary>As <see cref="Upsert(int)"/>, also giving the slot, which stays put while no add makes the table grow.</summary>
    public ref TermEntry Upsert(int key, out int slot)
    {
        if ((_used + 1) * 4 > _slots.Length * 3)
        {
            Grow(_slots.Length * 2);
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Home(key);
        while (true)
        {
            ref var entry = ref slots[i];
            if (entry.Key == key)
            {
                slot = i;
                return ref entry;
            }

            if (entry.Key == 0)
            {
                entry.Key = key;
                _keys[i] = key;
                _used++;
                slot = i;
                return ref entry;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>Empties a slot, moving later entries of its probe run back so lookups never stop early.</summary>
    public void RemoveAt(int slot)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var hole = slot;
        var i = slot;
        while (true)
        {
            i = (i + 1) & mask;
            var key = slots[i].Key;
            if (key == 0)
            {
                break;
            }

            // An entry may fill the hole when its home is not cyclically within (hole, i].
            var home = Home(key);
            var between = hole <= i ? home > hole && home <= i : home > hole || home <= i;
            if (!between)
            {
                slots[hole] = slots[i];
                _keys[hole] = key;
                hole = i;
            }
        }

        slots[hole] = default;
        _keys[hole] = 0;
        _used--;
    }

    /// <summary>Removes the slot when everything it held has gone to zero.</summary>
    public void RemoveIfEmpty(int slot)
    {
        if (_slots[slot].IsEmpty)
        {
            RemoveAt(slot);
        }
    }

    /// <summary>Drops every entry that holds nothing and shrinks the table to fit what is left.</summary>
    public void Compact()
    {
        var kept = 0;
        foreach (ref readonly var entry in _slots.AsSpan())
        {
            if (entry.Key != 0 && !entry.IsEmpty)
            {
                kept++;
            }
        }

        var size = 16;
        while (size * 3 < (kept + 1) * 4 * 2)
        {
            size *= 2;
        }

        Rehash(size, dropEmpty: true);
    }

    /// <summary>Makes room for this many terms in all, so that adding them moves no slot.</summary>
    public void EnsureCapacity(int count)
    {
        if (count * 4 > _slots.Length * 3)
        {
            var size = _slots.Length;
            while (count * 4 > size * 3)
            {
                size *= 2;
            }

            Grow(size);
        }
    }

    /// <summary>Empties the table through the slots its terms were added at (cheaper than clearing a large table).</summary>
    public void Clear(ReadOnlySpan<int> slots)
    {
        foreach (var slot in slots)
        {
            _slots[slot] = default;
            _keys[slot] = 0;
        }

        _used = 0;
    }

    private void Grow(int size) => Rehash(size, dropEmpty: false);

    private void Rehash(int size, bool dropEmpty)
    {
        var old = _slots;
        _slots = new TermEntry[size];
        _keys = new int[size];
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
        _used = 0;
        var mask = size - 1;
        foreach (ref readonly var entry in old.AsSpan())
        {
            if (entry.Key == 0 || (dropEmpty && entry.IsEmpty))
            {
                continue;
            }

            var i = Home(entry.Key);
            while (_keys[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = entry;
            _keys[i] = entry.Key;
            _used++;
        }
    }
}
