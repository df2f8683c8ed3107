using System.Text;

namespace Aggregator.Web.Clustering.Engine;

/// <summary>
/// The words of an article URL's slug ("/2014/03/10/mtgox-files-bankruptcy-us/" gives "mtgox files bankruptcy us").
/// Publishers write the slug as a second, keyword-dense headline, so it helps most where only a title is known.
/// Path segments without a word separator (ids, sections, dates) and tokens that mix letters with digits are left out.
/// </summary>
public static class UrlSlug
{
    private const int MaxWords = 16;

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
        if (path.IndexOfAny('-', '_') < 0)
        {
            return null;
        }

        var builder = new StringBuilder();
        var words = 0;
        foreach (var rawSegment in path.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = rawSegment.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(rawSegment) : rawSegment;
            var dot = segment.LastIndexOf('.');
            if (dot > 0 && segment.Length - dot <= 6)
            {
                segment = segment[..dot];
            }

            if (segment.IndexOfAny(['-', '_']) < 0)
            {
                continue;
            }

            foreach (var token in segment.Split(['-', '_', ',', '+', '.'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (words >= MaxWords || !IsWord(token))
                {
                    continue;
                }

                builder.Append(builder.Length > 0 ? " " : "").Append(token.ToLowerInvariant());
                words++;
            }
        }

        return builder.Length > 0 ? builder.ToString() : null;
    }

    private static bool IsWord(string token)
    {
        var letters = 0;
        foreach (var c in token)
        {
            if (char.IsLetter(c))
            {
                letters++;
            }
            else if (!char.IsDigit(c))
            {
                return false;
            }
        }

        // Plain numbers and letter-digit mixes in slugs are nearly always ids or dates, not content.
        return letters == token.Length && letters > 0;
    }
}
