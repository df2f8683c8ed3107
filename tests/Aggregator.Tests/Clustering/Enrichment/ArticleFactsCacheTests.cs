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

    [Fact]
    public void KnowsWhetherAnArticleReportsAndWhetherItsTextSaysMoreThanItsHeadline()
    {
        var cache = new ArticleFactsCache(Vocabulary);
        var report = new Article { Id = 1, Guid = "r", Url = "https://example.com/r", Title = "Acme recalls scooters after battery fires", Text = "Acme recalled 40,000 scooters on Monday after regulators logged twelve fires.", ContentHash = "r1" };
        var stub = new Article { Id = 2, Guid = "s", Url = "https://example.com/s", Title = "Acme recalls scooters after battery fires", Text = "Acme recalls scooters after battery fires", ContentHash = "s1" };
        var guide = new Article { Id = 3, Guid = "b", Url = "https://example.com/b", Title = "The 12 best electric scooters of 2026", Text = "Our picks after a month of testing on city streets.", ContentHash = "b1" };

        Assert.False(cache.For(report).NotAReport);
        Assert.True(cache.For(report).SaysMoreThanHeadline);
        Assert.False(cache.For(stub).SaysMoreThanHeadline);
        Assert.True(cache.For(guide).NotAReport);
        foreach (var article in new[] { report, stub, guide })
        {
            Assert.Equal(StoryCore.IsFullReport(article), StoryCore.IsFullReport(article, cache.For(article)));
        }
    }
}
