using System.Buffers;

namespace Aggregator.Web.Clustering.Engine.Text;

/// <summary>
/// The words of an article URL's slug ("/2014/03/10/mtgox-files-bankruptcy-us/" gives "mtgox files bankruptcy us").
/// Publishers write the slug as a second, keyword-dense headline, so it helps most where only a title is known.
/// Path segments without a word separator (ids, sections, dates) and tokens that mix letters with digits are left out.
/// </summary>
public static class UrlSlug
{
    private const int MaxWords = 16;
    private static readonly SearchValues<char> WordSeparators = SearchValues.Create("-_,+.");

    public static string? Words(string? url)
    {
        // The path of an absolute URL, read by hand: this runs for every article and a full URI parse costs more
        // than the rest of the slug's handling.
        var scheme = url?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        if (url is null || scheme <= 0)
        {
            return null;
        }

        var start = url.IndexOf('/', scheme + 3);
        if (start < 0)
        {
            return null;
        }

        var end = url.IndexOfAny(['?', '#'], start);
        var path = url.AsSpan(start, (end < 0 ? url.Length : end) - start);
        return path.IndexOfAny('-', '_') < 0 ? null : FromPath(path);
    }

    private static string? FromPath(ReadOnlySpan<char> path)
    {
        // Every word comes from the path and the words only shrink in lower case, so the path's length bounds the result.
        var rented = path.Length > 256 ? ArrayPool<char>.Shared.Rent(path.Length) : null;
        Span<char> buffer = rented ?? stackalloc char[256];
        var length = 0;
        var words = 0;
        var rest = path;
        while (!rest.IsEmpty && words < MaxWords)
        {
            var slash = rest.IndexOf('/');
            var rawSegment = slash < 0 ? rest : rest[..slash];
            rest = slash < 0 ? [] : rest[(slash + 1)..];
            if (rawSegment.IsEmpty)
            {
                continue;
            }

            // Unescaping only ever shortens a segment, so the bound above still holds.
            var segment = rawSegment.Contains('%') ? Uri.UnescapeDataString(rawSegment).AsSpan() : rawSegment;
            var dot = segment.LastIndexOf('.');
            if (dot > 0 && segment.Length - dot <= 6)
            {
                segment = segment[..dot];
            }

            if (segment.IndexOfAny('-', '_') < 0)
            {
                continue;
            }

            while (!segment.IsEmpty && words < MaxWords)
            {
                var end = segment.IndexOfAny(WordSeparators);
                var token = end < 0 ? segment : segment[..end];
                segment = end < 0 ? [] : segment[(end + 1)..];
                if (token.IsEmpty || !IsWord(token))
                {
                    continue;
                }

                if (length > 0)
                {
                    buffer[length++] = ' ';
                }

                length += token.ToLowerInvariant(buffer[length..]);
                words++;
            }
        }

        var result = length > 0 ? new string(buffer[..length]) : null;
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return result;
    }

    private static bool IsWord(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            // Plain numbers and letter-digit mixes in slugs are nearly always ids or dates, not content.
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
