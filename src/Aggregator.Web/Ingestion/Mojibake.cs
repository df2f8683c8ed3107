using System.Text;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Repairs the two ways UTF-8 text commonly arrives broken: windows-1252 bytes pasted into UTF-8 ("don\x92t"), and
/// UTF-8 that was read as windows-1252 and encoded again ("â€¦" for "…").
/// </summary>
internal static class Mojibake
{
    private static readonly Encoding Windows1252 = CreateWindows1252();

    // windows-1252's characters for the bytes 0x80-0xBF, UTF-8's continuation bytes.
    private static readonly Dictionary<char, byte> ContinuationBytes = BuildContinuationBytes();

    private static Encoding CreateWindows1252()
    {
        FeedDecoder.EnsureRegistered();
        return Encoding.GetEncoding(1252);
    }

    private static Dictionary<char, byte> BuildContinuationBytes()
    {
        var map = new Dictionary<char, byte>();
        for (var b = 0x80; b <= 0xBF; b++)
        {
            map[Windows1252.GetString([(byte)b])[0]] = (byte)b;
        }

        return map;
    }

    /// <summary>
    /// UTF-8 with each byte that starts no valid sequence read as windows-1252; null when such bytes are not rarer
    /// than real multi-byte sequences, which means the text is in some other charset altogether.
    /// </summary>
    public static string? DecodeUtf8WithStrays(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        int valid = 0, stray = 0;
        Span<char> pair = stackalloc char[2];
        var i = 0;
        while (i < bytes.Length)
        {
            var next = bytes[i..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (next < 0)
            {
                builder.Append(Encoding.ASCII.GetString(bytes[i..]));
                break;
            }

            if (next > 0)
            {
                builder.Append(Encoding.ASCII.GetString(bytes.Slice(i, next)));
                i += next;
            }

            if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                builder.Append(pair[..rune.EncodeToUtf16(pair)]);
                valid++;
                i += consumed;
            }
            else
            {
                builder.Append(Windows1252.GetString(bytes.Slice(i, 1)));
                stray++;
                i++;
            }
        }

        return valid > stray ? builder.ToString() : null;
    }

    /// <summary>Turns "â€¦", "Ã©" and the like back into the one character whose UTF-8 bytes they are.</summary>
    public static string RepairDoubleEncoding(string text)
    {
        // Lead bytes of multi-byte UTF-8 read as windows-1252 are the characters U+00C2-U+00F4.
        var i = text.AsSpan().IndexOfAnyInRange('\u00C2', '\u00F4');
        if (i < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        Span<byte> utf8 = stackalloc byte[4];
        Span<char> chars = stackalloc char[2];
        while (i >= 0)
        {
            var lead = text[i];
            var length = lead < '\u00E0' ? 2 : lead < '\u00F0' ? 3 : 4;
            var repaired = false;
            if (i + length <= text.Length)
            {
                utf8[0] = (byte)lead;
                repaired = true;
                for (var k = 1; k < length && repaired; k++)
                {
                    repaired = ContinuationBytes.TryGetValue(text[i + k], out utf8[k]);
                }

                repaired = repaired && Rune.DecodeFromUtf8(utf8[..length], out var rune, out var consumed) == System.Buffers.OperationStatus.Done
                    && consumed == length && rune.Value >= 0x80 && Append(builder ??= new StringBuilder(text.Length), text, copied, i, rune, chars);
            }

            if (repaired)
            {
                copied = i + length;
                i = copied;
            }
            else
            {
                i++;
            }

            var next = i < text.Length ? text.AsSpan(i).IndexOfAnyInRange('\u00C2', '\u00F4') : -1;
            i = next < 0 ? -1 : i + next;
        }

        if (builder is null)
        {
            return text;
        }

        builder.Append(text, copied, text.Length - copied);
        return builder.ToString();
    }

    private static bool Append(StringBuilder builder, string text, int copied, int at, Rune rune, Span<char> chars)
    {
        builder.Append(text, copied, at - copied);
        builder.Append(chars[..rune.EncodeToUtf16(chars)]);
        return true;
    }
}
