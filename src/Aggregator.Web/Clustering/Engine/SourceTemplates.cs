namespace Aggregator.Web.Clustering.Engine;

// Feeds wrap every item in the same words: a forum's "submitted by ... [link] [comments]", a blog's "The post ...
// appeared first on ...", a newsletter's sign-off. Such words say nothing about the story, yet two items of the same
// feed share them all, so they would pull unrelated items together. A body term found in most of a source's recent
// items is dropped from that source's articles; headline words are always kept.
internal sealed class SourceTemplates(StoryClustererOptions options)
{
    // A source's template is only looked for once this many of its articles were read.
    internal const int MinArticles = 10;

    private readonly Dictionary<string, SourceVocabulary> _sources = new(StringComparer.Ordinal);

    // Learns the article's body terms for its source and drops those of the source's template from the vector (read,
    // not yet damped: headline terms are those with a headline count).
    public void Drop(string? source, ArticleVector vector)
    {
        var share = options.SourceBoilerplateShare;
        if (share <= 0 || string.IsNullOrEmpty(source))
        {
            return;
        }

        if (!_sources.TryGetValue(source, out var vocabulary))
        {
            vocabulary = new SourceVocabulary();
            _sources.Add(source, vocabulary);
        }

        var (terms, tf, titleCounts) = (vector.Terms, vector.Tf, vector.Counts);
        var length = vector.Length;
        vocabulary.Articles++;
        var counts = vocabulary.Counts;
        counts.EnsureCapacity(counts.Count + length);
        for (var i = 0; i < length; i++)
        {
            if (titleCounts[i] == 0)
            {
                counts.Upsert(terms[i]).Count++;
            }
        }

        if (vocabulary.Articles >= MinArticles)
        {
            var threshold = share * vocabulary.Articles;
            var slots = counts.Slots;
            var kept = 0;
            for (var i = 0; i < length; i++)
            {
                if (titleCounts[i] == 0 && slots[counts.Find(terms[i])].Count >= threshold)
                {
                    continue;
                }

                terms[kept] = terms[i];
                tf[kept] = tf[i];
                titleCounts[kept] = titleCounts[i];
                kept++;
            }

            vector.Length = kept;
        }

        // The counts describe the source's recent items: halved now and then, so they follow a feed that changes its
        // template, and the one-off words (halved to nothing) leave the table.
        if (vocabulary.Articles >= 8 * MinArticles)
        {
            vocabulary.Articles /= 2;
            foreach (ref var entry in counts.Slots.AsSpan())
            {
                entry.Count /= 2;
            }

            counts.Compact();
        }
    }

    private sealed class SourceVocabulary
    {
        public int Articles { get; set; }

        public TermTable Counts { get; } = new();
    }
}
