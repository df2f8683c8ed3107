using System.Collections.Concurrent;
using Aggregator.Web.Model;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>
/// What one article's words say, whoever published it: tag mentions and category keyword hits in its title and text,
/// its content's share of the article's importance, whether its headline is of a kind that reports nothing (see
/// <see cref="StoryCore.IsNotAReport"/>), and whether its text says more than its headline.
/// </summary>
internal sealed record ArticleFacts(
    IReadOnlySet<TagDefinition> TitleTags,
    IReadOnlyDictionary<TagDefinition, int> TextTags,
    IReadOnlyDictionary<string, int> TitleCategoryHits,
    IReadOnlyDictionary<string, int> TextCategoryHits,
    double ImportanceSignal,
    bool NotAReport,
    bool SaysMoreThanHeadline);

/// <summary>
/// Article facts kept per article (keyed by id, checked against the content hash), because a topic's facts are
/// recomputed each time it grows and the dictionary's patterns over every member's text were most of that cost.
/// Bounded: when full it starts afresh, and an entry costs a few hundred bytes.
/// </summary>
internal sealed class ArticleFactsCache(TopicVocabulary vocabulary)
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<long, (string Hash, ArticleFacts Facts)> _facts = new();

    public ArticleFacts For(Article article)
    {
        if (article.Id != 0 && _facts.TryGetValue(article.Id, out var known) && known.Hash == article.ContentHash)
        {
            return known.Facts;
        }

        var facts = Read(article);
        if (article.Id != 0)
        {
            if (_facts.Count >= Capacity)
            {
                _facts.Clear();
            }

            _facts[article.Id] = (article.ContentHash, facts);
        }

        return facts;
    }

    private ArticleFacts Read(Article article)
    {
        var text = TopicUpdater.ArticleText(article);
        var titleTags = vocabulary.FindTags(article.Title).ToHashSet();
        var textTags = vocabulary.FindTags(text.Length > 3000 ? text[..3000] : text)
            .GroupBy(t => t).ToDictionary(g => g.Key, g => Math.Min(2, g.Count()));
        return new ArticleFacts(titleTags, textTags,
            vocabulary.CountCategoryKeywords(article.Title),
            vocabulary.CountCategoryKeywords(text.Length > 1500 ? text[..1500] : text),
            ImportanceScorer.ContentSignal(article, vocabulary),
            StoryCore.IsNotAReport(article.Title),
            StoryCore.SaysMoreThanHeadline(article.Title, text));
    }
}
