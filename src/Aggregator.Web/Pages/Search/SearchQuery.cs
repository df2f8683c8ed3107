using System.Text;

namespace Aggregator.Web.Pages.Search;

/// <summary>Turns what a reader typed into a safe FTS5 query: every word a quoted phrase, all required.</summary>
public static class SearchQuery
{
    public static string? ToFts(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
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

        // Quoting leaves no operator, column filter or bracket for FTS5 to misread; the tokenizer
        // splits on the same boundaries, so nothing a reader meant is lost.
        return terms.Count == 0 ? null : string.Join(' ', terms.Take(12).Select(t => $"\"{t}\""));
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
