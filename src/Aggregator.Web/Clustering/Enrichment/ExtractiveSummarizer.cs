using Aggregator.Web.Model;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>A member article as the summarisers see it.</summary>
public sealed record SummaryArticle(long Id, string Title, string Text, string SourceName, DateTimeOffset PublishedAt, int Importance);

/// <summary>
/// Picks 2-4 sentences from the member articles: central to what the articles share (cosine to the topic's
/// term centroid, leads favoured), spread across articles, no near-duplicates (maximal marginal relevance).
/// Each sentence keeps the id of the article it came from.
/// </summary>
internal static class ExtractiveSummarizer
{
    private const int MaxSentences = 4;
    private const int MaxCharacters = 750;
    private const double NearDuplicate = 0.55;

    public static List<SummarySentence> Summarize(IReadOnlyList<SummaryArticle> articles)
    {
        var candidates = new List<Candidate>();
        var centroid = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            var sentences = Prose.Sentences(article.Text);
            var articleTerms = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < sentences.Count && i < 15; i++)
            {
                var terms = Vector(Prose.ContentWords(sentences[i]));
                foreach (var (term, weight) in terms)
                {
                    articleTerms[term] = articleTerms.GetValueOrDefault(term) + weight;
                }

                if (IsUsable(sentences[i]))
                {
                    candidates.Add(new Candidate(article, sentences[i], i, terms));
                }
            }

            // Titles say what the story is; each article votes once, however long it is.
            foreach (var (term, weight) in Vector(Prose.ContentWords(article.Title)))
            {
                articleTerms[term] = articleTerms.GetValueOrDefault(term) + 2 * weight;
            }

            var norm = Math.Sqrt(articleTerms.Values.Sum(v => v * v));
            foreach (var (term, weight) in articleTerms)
            {
                centroid[term] = centroid.GetValueOrDefault(term) + weight / Math.Max(norm, 1e-9);
            }
        }

        var centroidNorm = Norm(centroid);
        foreach (var candidate in candidates)
        {
            candidate.Score = Dot(candidate.Terms, centroid) / Math.Max(Norm(candidate.Terms) * centroidNorm, 1e-9)
                + (candidate.Position == 0 ? 0.15 : candidate.Position == 1 ? 0.07 : 0)
                + 0.03 * (candidate.Article.Importance - 3);
        }

        var chosen = new List<Candidate>();
        var length = 0;
        while (chosen.Count < MaxSentences && candidates.Count > 0)
        {
            Candidate? best = null;
            var bestValue = double.MinValue;
            foreach (var candidate in candidates)
            {
                var redundancy = chosen.Count == 0 ? 0 : chosen.Max(c => Cosine(candidate.Terms, c.Terms));
                if (redundancy >= NearDuplicate)
                {
                    continue;
                }

                var sameArticle = chosen.Any(c => c.Article.Id == candidate.Article.Id) ? 0.12 : 0;
                var value = candidate.Score - 0.6 * redundancy - sameArticle;
                if (value > bestValue)
                {
                    bestValue = value;
                    best = candidate;
                }
            }

            if (best is null || (chosen.Count >= 2 && length + best.Text.Length > MaxCharacters))
            {
                break;
            }

            chosen.Add(best);
            candidates.Remove(best);
            length += best.Text.Length + 1;
        }

        return chosen
            .OrderBy(c => c.Article.PublishedAt).ThenBy(c => c.Article.Id).ThenBy(c => c.Position)
            .Select(c => new SummarySentence(c.Text, c.Article.Id))
            .ToList();
    }

    internal static bool IsUsable(string sentence)
    {
        if (sentence.Length is < 40 or > 320 || !char.IsUpper(sentence[0]) && !char.IsDigit(sentence[0]) && sentence[0] is not ('"' or '“'))
        {
            return false;
        }

        var last = sentence[^1];
        if (last is not ('.' or '!' or '"' or '”' or '’' or ')'))
        {
            return false;
        }

        if (sentence.Count(c => c == ' ') < 5)
        {
            return false;
        }

        string[] boilerplate = ["http://", "https://", "www.", "read more", "continue reading", "appeared first on", "subscribe", "sign up", "click here",
            "comments", "newsletter", "[…]", "[...]", "photo:", "image:", "credit:", "submitted by", "all rights reserved", "cookie"];
        return !boilerplate.Any(b => sentence.Contains(b, StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, double> Vector(List<string> words)
    {
        var vector = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            vector[word] = vector.GetValueOrDefault(word) + 1;
        }

        return vector;
    }

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var norms = Norm(a) * Norm(b);
        return norms == 0 ? 0 : Dot(a, b) / norms;
    }

    private static double Dot(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var dot = 0.0;
        foreach (var (term, weight) in small)
        {
            if (large.TryGetValue(term, out var other))
            {
                dot += weight * other;
            }
        }

        return dot;
    }

    private static double Norm(Dictionary<string, double> vector) => Math.Sqrt(vector.Values.Sum(v => v * v));

    private sealed class Candidate(SummaryArticle article, string text, int position, Dictionary<string, double> terms)
    {
        public SummaryArticle Article { get; } = article;
        public string Text { get; } = text;
        public int Position { get; } = position;
        public Dictionary<string, double> Terms { get; } = terms;
        public double Score { get; set; }
    }
}
