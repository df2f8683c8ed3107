using System.Text;

namespace Aggregator.Web.Pages.Search;

/// <summary>
/// Turns what a reader typed into a safe query: every word required, as a quoted phrase for SQLite's FTS5, as plain
/// words for PostgreSQL's websearch_to_tsquery (which accepts any text, so no query can fail there either).
/// </summary>
public static class SearchQuery
{
    /// <summary>The words of the input, at most twelve, without bare operators; empty when there is nothing to search.</summary>
    public static IReadOnlyList<string> Terms(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return [];
        }

        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in input.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                terms.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            terms.Add(word.ToString());
        }

        // Bare operators are what people type when they mean "all of these", which is the default anyway.
        terms.RemoveAll(t => t is "AND" or "OR" or "NOT" or "NEAR");

        return [.. terms.Take(12)];
    }

    public const string SnippetOpen = "\u0002";
    public const string SnippetClose = "\u0003";

    /// <summary>HTML-encodes a snippet()/highlight() result, turning its match markers into &lt;mark&gt;.</summary>
    public static string HighlightHtml(string? snippet)
    {
        if (string.IsNullOrEmpty(snippet))
        {
            return "";
        }

        // snippet() pairs its markers, so after splitting every odd part is a match.
        var parts = snippet.Split([SnippetOpen[0], SnippetClose[0]]);
        var html = new StringBuilder(snippet.Length + 32);
        for (var i = 0; i < parts.Length; i++)
        {
            var text = System.Net.WebUtility.HtmlEncode(parts[i]);
            html.Append(i % 2 == 1 ? $"<mark>{text}</mark>" : text);
        }

        return html.ToString();
    }
}
