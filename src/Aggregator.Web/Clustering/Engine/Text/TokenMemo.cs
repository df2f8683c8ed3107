using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aggregator.Web.Clustering.Engine.Text;

/// <summary>
/// What follows from a token's lower-case text alone, worked out once per distinct token (the costly parts only when
/// first asked) and kept in a <see cref="TokenMemo"/>.
/// </summary>
internal sealed class TokenFacts(string lower, in TokenMemo.Key key, bool isStopWord, string? unit)
{
    public string Lower { get; } = lower;
    public bool IsStopWord { get; } = isStopWord;
    public string? Unit { get; } = unit;
    public string[]? Stems { get; set; }
    public string[]? ModelParts { get; set; }
    public string? Number { get; set; }
    public string? Acronym { get; set; }
    public string? Glued { get; set; }
    public bool GluedKnown { get; set; }

    // The token's length and first twelve characters, so most lookups never read the key string.
    internal readonly int Length = key.Length;
    internal readonly ulong Head0 = key.Head0;
    internal readonly ulong Head1 = key.Head1;
    internal readonly ulong Head2 = key.Head2;
}

/// <summary>
/// The analyzer's memo of distinct tokens, looked up by a span of the text. Every token of every article passes
/// through it and, with tens of thousands of distinct tokens, each lookup is bound by memory reads; so instead of a
/// Dictionary (bucket, entry, key string, value: four places in memory) it is an open-addressing table whose slots
/// hold the hash and the facts, and the facts hold the token's first characters: a hit usually reads two places.
/// Holds at most <c>capacity</c> tokens, then starts afresh.
/// </summary>
internal sealed class TokenMemo(int capacity)
{
    private Slot[] _slots = new Slot[1024];

    public int Count { get; private set; }

    /// <summary>The facts of <paramref name="token"/>, or null with the <paramref name="key"/> to add them under.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TokenFacts? Find(ReadOnlySpan<char> token, out Key key)
    {
        key = new Key(token);
        return FindByKey(token, key);
    }

    /// <summary>The facts of <paramref name="token"/> under its <paramref name="key"/>, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TokenFacts? FindByKey(ReadOnlySpan<char> token, in Key key)
    {
        var mask = _slots.Length - 1;
        for (var i = key.Hash & mask; ; i = (i + 1) & mask)
        {
            ref readonly var slot = ref _slots[i];
            var facts = slot.Facts;
            if (facts is null)
            {
                return null;
            }

            if (slot.Hash == key.Hash && facts.Length == key.Length && facts.Head0 == key.Head0 && facts.Head1 == key.Head1
                && facts.Head2 == key.Head2 && (key.Length <= Key.HeadChars || token.SequenceEqual(facts.Lower)))
            {
                return facts;
            }
        }
    }

    /// <summary>Reads the slot where a lookup of <paramref name="key"/> starts, to bring it into the cache early.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Peek(in Key key) => _slots[key.Hash & (_slots.Length - 1)].Hash;

    /// <summary>Adds facts not yet in the memo (after <see cref="Find"/> returned null), first emptying a full memo.</summary>
    public void Add(in Key key, TokenFacts facts)
    {
        if (Count >= capacity)
        {
            Array.Clear(_slots);
            Count = 0;
        }

        if ((Count + 1) * 10L > _slots.Length * 7L)
        {
            var old = _slots;
            _slots = new Slot[old.Length * 2];
            foreach (var slot in old)
            {
                if (slot.Facts is not null)
                {
                    Place(slot);
                }
            }
        }

        Place(new Slot(key.Hash, facts));
        Count++;
    }

    private void Place(Slot slot)
    {
        var mask = _slots.Length - 1;
        var i = slot.Hash & mask;
        while (_slots[i].Facts is not null)
        {
            i = (i + 1) & mask;
        }

        _slots[i] = slot;
    }

    private readonly record struct Slot(int Hash, TokenFacts? Facts);

    /// <summary>A token's hash, length and first <see cref="HeadChars"/> characters packed four to a word.</summary>
    internal readonly struct Key
    {
        public const int HeadChars = 12;

        public readonly int Hash;
        public readonly int Length;
        public readonly ulong Head0;
        public readonly ulong Head1;
        public readonly ulong Head2;

        public Key(ReadOnlySpan<char> token)
        {
            Length = token.Length;
            ulong head0 = 0, head1 = 0, head2 = 0;
            var h = 0x9E3779B97F4A7C15UL ^ (ulong)token.Length;
            var i = 0;
            for (; i + 4 <= token.Length; i += 4)
            {
                var chunk = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(token.Slice(i, 4)));
                h = Mix(h, chunk);
                Keep(i, chunk, ref head0, ref head1, ref head2);
            }

            if (i < token.Length)
            {
                var chunk = 0UL;
                for (var j = 0; i + j < token.Length; j++)
                {
                    chunk |= (ulong)token[i + j] << (16 * j);
                }

                h = Mix(h, chunk);
                Keep(i, chunk, ref head0, ref head1, ref head2);
            }

            Head0 = head0;
            Head1 = head1;
            Head2 = head2;

            // The finaliser of MurmurHash3: every input bit reaches the low bits that pick the slot.
            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCDUL;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53UL;
            h ^= h >> 33;
            Hash = (int)h & int.MaxValue;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Keep(int at, ulong chunk, ref ulong head0, ref ulong head1, ref ulong head2)
        {
            if (at == 0)
            {
                head0 = chunk;
            }
            else if (at == 4)
            {
                head1 = chunk;
            }
            else if (at == 8)
            {
                head2 = chunk;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Mix(ulong h, ulong chunk) => BitOperations.RotateLeft((h ^ chunk) * 0x9E3779B97F4A7C15UL, 27);
    }
}
