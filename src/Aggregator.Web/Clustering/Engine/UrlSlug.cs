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
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var builder = new StringBuilder();
        var words = 0;
        foreach (var rawSegment in uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(rawSegment);
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
