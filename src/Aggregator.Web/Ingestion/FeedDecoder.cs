using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace Aggregator.Web.Ingestion;

/// <summary>Turns the bytes a server sent into text: un-gzips bodies sent without a header and picks the charset.</summary>
public static class FeedDecoder
{
    static FeedDecoder()
    {
        // windows-1252, ISO-8859-x, Shift_JIS, KOI8-R ... are not built into .NET Core.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static void EnsureRegistered()
    {
        // Touching the type runs the static constructor.
    }

    /// <summary>Gunzips when the body starts with the gzip magic bytes, whatever the headers said.</summary>
    public static byte[] Decompress(byte[] body, int maxBytes)
    {
        if (body.Length < 3 || body[0] != 0x1F || body[1] != 0x8B || body[2] != 0x08)
        {
            return body;
        }

        using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream(body.Length * 4);
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new FeedParseException($"The feed is gzip-compressed and expands past the {maxBytes / (1024 * 1024)} MB limit.");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Decodes with, in order: a byte-order mark; a multi-byte legacy charset the XML declaration or the
    /// Content-Type names; UTF-8 when the bytes are UTF-8 (a declared single-byte charset on pure ASCII or on valid
    /// UTF-8 is almost always a mislabel), or UTF-8 with stray windows-1252 bytes when they are mostly UTF-8; the
    /// declared single-byte charset; and when no usable charset was named, the one a detector reads off the bytes.
    /// Text that went through UTF-8 twice ("â€¦") is repaired.
    /// </summary>
    public static string Decode(byte[] bytes, string? contentType)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return DecodeUtf8(span[3..], Windows1252);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(span[2..]);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(span[2..]);
        }

        // UTF-16 without a BOM still shows "<" next to a zero byte.
        if (span.Length >= 4 && span[0] == 0x3C && span[1] == 0 && span[2] != 0 && span[3] == 0)
        {
            return Encoding.Unicode.GetString(span);
        }

        if (span.Length >= 4 && span[0] == 0 && span[1] == 0x3C && span[2] == 0 && span[3] != 0)
        {
            return Encoding.BigEndianUnicode.GetString(span);
        }

        var declared = DeclaredXmlEncoding(span);
        var headerCharset = CharsetFromContentType(contentType);
        var declaredEncoding = TryGetEncoding(declared);
        var headerEncoding = TryGetEncoding(headerCharset);

        // A multi-byte legacy charset (Shift_JIS, GB2312, EUC-KR ...) is trusted over the UTF-8 guess.
        var legacyMultiByte = declaredEncoding is { IsSingleByte: false } d && d.CodePage != Encoding.UTF8.CodePage ? d
            : headerEncoding is { IsSingleByte: false } h && h.CodePage != Encoding.UTF8.CodePage ? h
            : null;
        if (legacyMultiByte is not null && legacyMultiByte.CodePage is not (1200 or 1201 or 12000 or 12001))
        {
            return legacyMultiByte.GetString(span);
        }

        var singleByte = declaredEncoding is { IsSingleByte: true } ? declaredEncoding
            : headerEncoding is { IsSingleByte: true } ? headerEncoding
            : null;
        return DecodeUtf8(span, singleByte);
    }

    private static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>
    /// UTF-8, repaired where it went wrong: bytes that are mostly UTF-8 keep their UTF-8 and read each stray byte as
    /// windows-1252 ("don\x92t"); bytes that are not are read with <paramref name="otherwise"/>, or else with the
    /// charset the detector finds.
    /// </summary>
    private static string DecodeUtf8(ReadOnlySpan<byte> span, Encoding? otherwise)
    {
        if (Utf8.IsValid(span))
        {
            return Mojibake.RepairDoubleEncoding(Encoding.UTF8.GetString(span));
        }

        if (Mojibake.DecodeUtf8WithStrays(span) is { } mixed)
        {
            return Mojibake.RepairDoubleEncoding(mixed);
        }

        return (otherwise ?? Detect(span)).GetString(span);
    }

    /// <summary>The charset UTF.Unknown (Mozilla's universal detector) reads off the bytes; windows-1252 when it cannot tell.</summary>
    private static Encoding Detect(ReadOnlySpan<byte> span)
    {
        var detected = CharsetDetector.DetectFromBytes(span).Detected;
        return detected?.Encoding is { } encoding && encoding.CodePage != Encoding.UTF8.CodePage && encoding.CodePage != Encoding.ASCII.CodePage
            ? (encoding.CodePage == 28591 ? Windows1252 : encoding)
            : Windows1252;
    }

    private static Encoding? TryGetEncoding(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        try
        {
            var encoding = Encoding.GetEncoding(name.Trim().Trim('"', '\''));
            // ISO-8859-1 in the wild means windows-1252 (what browsers do): smart quotes live in 0x80-0x9F.
            return encoding.CodePage == 28591 ? Encoding.GetEncoding(1252) : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static string? CharsetFromContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        var index = contentType.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return null;
        }

        var value = contentType[(index + 8)..];
        var end = value.IndexOf(';', StringComparison.Ordinal);
        return (end >= 0 ? value[..end] : value).Trim().Trim('"', '\'');
    }

    /// <summary>The encoding="..." of an XML declaration within the first bytes, read as ASCII.</summary>
    private static string? DeclaredXmlEncoding(ReadOnlySpan<byte> span)
    {
        var head = span[..Math.Min(span.Length, 1024)];
        var start = head.IndexOf("<?xml"u8);
        if (start < 0)
        {
            return null;
        }

        var end = head[start..].IndexOf("?>"u8);
        if (end < 0)
        {
            return null;
        }

        var declaration = head.Slice(start, end);
        var key = declaration.IndexOf("encoding"u8);
        if (key < 0)
        {
            return null;
        }

        var rest = declaration[(key + 8)..];
        var quote = rest.IndexOfAny((byte)'"', (byte)'\'');
        if (quote < 0)
        {
            return null;
        }

        rest = rest[(quote + 1)..];
        var close = rest.IndexOfAny((byte)'"', (byte)'\'');
        return close < 0 ? null : Encoding.ASCII.GetString(rest[..close]);
    }
}

/// <summary>A feed body that cannot be read; the message is meant for the person looking at the source.</summary>
public sealed class FeedParseException : Exception
{
    public FeedParseException(string message) : base(message)
    {
    }

    public FeedParseException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public FeedParseException()
    {
    }
}
