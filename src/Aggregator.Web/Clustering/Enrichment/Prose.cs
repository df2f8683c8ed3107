using System.Text.RegularExpressions;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>Reads prose for summaries, deks and leads: its sentences and its content words.</summary>
internal static partial class Prose
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "corp", "no", "fig", "approx", "u.s", "u.k", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    /// <summary>Splits prose into sentences, keeping abbreviations ("U.S.", "Dr.") and decimals ("4.5") inside.</summary>
    public static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            // Swallow closing quotes/brackets after the terminator.
            var end = i + 1;
            while (end < text.Length && text[end] is '"' or '\'' or '’' or '”' or ')' or ']')
            {
                end++;
            }

            if (end >= text.Length)
            {
                break;
            }

            if (!char.IsWhiteSpace(text[end]))
            {
                continue;
            }

            var next = end;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next >= text.Length || !(char.IsUpper(text[next]) || char.IsDigit(text[next]) || text[next] is '"' or '“' or '‘' or '\''))
            {
                continue;
            }

            if (c == '.' && IsAbbreviation(text, start, i))
            {
                continue;
            }

            AddSentence(sentences, text[start..end]);
            start = next;
            i = next - 1;
        }

        AddSentence(sentences, text[start..]);
        return sentences;
    }

    /// <summary>Lowercase word tokens without stop words, for overlap and similarity measures.</summary>
    public static List<string> ContentWords(string text) => [.. EachContentWord(text)];

    /// <summary>The content words of the text one at a time, as <see cref="ContentWords"/> lists them, for a caller that may stop early.</summary>
    public static IEnumerable<string> EachContentWord(string text)
    {
        foreach (Match match in Word().Matches(text))
        {
            var word = match.Value.ToLowerInvariant();
            if (word.Length > 1 && !StopWords.Contains(word))
            {
                yield return word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
            }
        }
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var wordStart = dot;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text[wordStart..dot].TrimStart('(', '"', '“');
        return word.Length == 1 && char.IsUpper(word[0]) || Abbreviations.Contains(word);
    }

    private static void AddSentence(List<string> sentences, string sentence)
    {
        var trimmed = sentence.Trim();
        if (trimmed.Length > 0)
        {
            sentences.Add(trimmed);
        }
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
        "her", "his", "how", "if", "in", "into", "is", "it", "its", "it's", "just", "may", "more", "most", "new", "not", "now", "of", "on", "one", "or",
        "our", "out", "over", "says", "said", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
        "those", "to", "up", "us", "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would", "you", "your",
        "after", "about", "also", "all", "any", "other", "only", "own", "same", "such", "very", "get", "gets", "got", "make", "makes", "like",
    };

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-\.]*[\p{L}\p{N}]|[\p{L}\p{N}]")]
    private static partial Regex Word();
}
