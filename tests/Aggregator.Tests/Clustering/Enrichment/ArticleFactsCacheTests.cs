using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering.Enrichment;
using Aggregator.Web.Model;

namespace Aggregator.Tests.Clustering.Enrichment;

public class ArticleFactsCacheTests
{
    private static readonly TopicVocabulary Vocabulary = TopicVocabulary.Load(Paths.Seeds);

    [Fact]
    public void KeepsAnArticlesFactsUntilItsContentChanges()
    {
        var cache = new ArticleFactsCache(Vocabulary);
        var article = new Article { Id = 7, Guid = "g", Url = "https://example.com/a", Title = "OpenAI ships ChatGPT update", Text = "OpenAI said ChatGPT now reads files.", ContentHash = "v1" };

        var first = cache.For(article);
        Assert.Contains(first.TitleTags, t => t.Name == "ChatGPT");
        Assert.Same(first, cache.For(article));

        article.Title = "Anthropic ships Claude update";
        article.Text = "Anthropic said Claude now reads files.";
        article.ContentHash = "v2";
        var second = cache.For(article);

        Assert.NotSame(first, second);
        Assert.DoesNotContain(second.TitleTags, t => t.Name == "ChatGPT");
        Assert.Contains(second.TitleTags, t => t.Name == "Claude");
    }
}
