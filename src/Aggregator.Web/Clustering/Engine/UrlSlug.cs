using System.Buffers;

namespace Aggregator.Web.Clustering.Engine;

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
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        return TryPlainPath(url, out var start, out var length) ? FromPath(url.AsSpan(start, length)) : ViaUri(url);
    }

    // The general route: Uri parses and normalises the path (escapes, dot segments, backslashes, non-ASCII).
    internal static string? ViaUri(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        return FromPath(uri.AbsolutePath);
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

    /// <summary>
    /// Finds the path of a plain web address ("https://www.example.com/a/b-c.html?q=1") without building a Uri, which
    /// costs more than the rest of the slug: lower-case http(s), a plain host name, no port or user, and only
    /// characters that Uri leaves as they are. Whatever else (escapes, dot segments, backslashes, non-ASCII, odd
    /// hosts) returns false, to go through Uri; for an address it accepts, the path equals Uri's AbsolutePath.
    /// </summary>
    internal static bool TryPlainPath(string url, out int start, out int length)
    {
        start = 0;
        length = 0;
        var at = url.StartsWith("https://", StringComparison.Ordinal) ? 8 : url.StartsWith("http://", StringComparison.Ordinal) ? 7 : -1;
        if (at < 0 || url.Length > MaxPlainLength)
        {
            return false;
        }

        var hostEnd = url.AsSpan(at).IndexOfAny(AfterHost);
        hostEnd = hostEnd < 0 ? url.Length : at + hostEnd;
        if (!IsPlainHost(url.AsSpan(at, hostEnd - at)))
        {
            return false;
        }

        var pathEnd = hostEnd;
        if (hostEnd < url.Length && url[hostEnd] == '/')
        {
            var end = url.AsSpan(hostEnd).IndexOfAny('?', '#');
            pathEnd = end < 0 ? url.Length : hostEnd + end;
            var path = url.AsSpan(hostEnd, pathEnd - hostEnd);
            if (path.ContainsAnyExcept(PlainPathChars) || HasDotSegment(path))
            {
                return false;
            }
        }

        if (url.AsSpan(pathEnd).ContainsAnyExcept(PlainQueryChars))
        {
            return false;
        }

        // No path at all is the root, which has no words.
        start = hostEnd;
        length = pathEnd - hostEnd;
        return true;
    }

    private const int MaxPlainLength = 2000;
    private static readonly SearchValues<char> AfterHost = SearchValues.Create("/?#");
    private static readonly SearchValues<char> HostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-.");
    private static readonly SearchValues<char> PlainPathChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/,+=:@!");
    private static readonly SearchValues<char> PlainQueryChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/,+=:@!?#&;$*()'");

    // Lower-case DNS labels of letters, digits and inner hyphens, the last starting with a letter (so never an IP).
    private static bool IsPlainHost(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.Length > 253 || host.ContainsAnyExcept(HostChars))
        {
            return false;
        }

        while (true)
        {
            var dot = host.IndexOf('.');
            var label = dot < 0 ? host : host[..dot];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            if (dot < 0)
            {
                return char.IsAsciiLetterLower(label[0]);
            }

            host = host[(dot + 1)..];
        }
    }

    // Uri removes "." and ".." segments; a segment ending in a dot is left to Uri too, to be safe.
    private static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment is "." or ".." || (segment.Length > 0 && segment[^1] == '.'))
            {
                return true;
            }
        }

        return false;
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
