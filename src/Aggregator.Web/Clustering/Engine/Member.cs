using System.Runtime.InteropServices;
using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Web.Clustering.Engine;

// A member of a topic as a split check and a rebuild need it: the vector as read and its time, packed into one
// array: the terms, their TFs (as float bits), then a 16-bit word per term holding its mixture count and, in the
// top bit, whether it is a headline term (whose headline TF follows from the count, as when it was read).
internal sealed class Member(string id, long? ticks, int[] data, int length, int tokens, HeadlineNames headline)
{
    public const int CountMask = 0x7FFF;
    private const ushort InHeadline = 0x8000;

    public string Id { get; } = id;

    public long? Ticks { get; } = ticks;

    public int Tokens { get; } = tokens;

    public int Length { get; } = length;

    public HeadlineNames Headline { get; } = headline;

    public ReadOnlySpan<int> Terms => data.AsSpan(0, Length);

    public ReadOnlySpan<float> Tf => MemoryMarshal.Cast<int, float>(data.AsSpan(Length, Length));

    public ReadOnlySpan<ushort> Packed => MemoryMarshal.Cast<int, ushort>(data.AsSpan(2 * Length))[..Length];

    public static Member Of(string id, long? ticks, int tokens, ReadOnlySpan<int> terms, ReadOnlySpan<int> counts, ReadOnlySpan<float> tf, ReadOnlySpan<float> titleTf, HeadlineNames headline)
    {
        var length = terms.Length;
        var data = new int[(2 * length) + ((length + 1) / 2)];
        terms.CopyTo(data);
        MemoryMarshal.Cast<float, int>(tf).CopyTo(data.AsSpan(length));
        var packed = MemoryMarshal.Cast<int, ushort>(data.AsSpan(2 * length));
        for (var i = 0; i < length; i++)
        {
            packed[i] = (ushort)(Math.Min(counts[i], CountMask) | (titleTf[i] > 0 ? InHeadline : 0));
        }

        return new Member(id, ticks, data, length, tokens, headline);
    }

    // Mixture counts and headline TFs back into the given buffers.
    public void CopyCounts(Span<int> counts, Span<float> titleTf)
    {
        var packed = Packed;
        for (var i = 0; i < packed.Length; i++)
        {
            var count = packed[i] & CountMask;
            counts[i] = count;
            titleTf[i] = (packed[i] & InHeadline) == 0 ? 0 : 1 + MathF.Log(count);
        }
    }
}
