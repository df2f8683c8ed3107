using Aggregator.Web.Data;
using Aggregator.Web.Pages.Shared;
using Aggregator.Web.Text;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Search;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class IndexModel(AppDbContext db) : PageModel
{
    private const int Limit = 20;

    public string? Query { get; private set; }
    public IReadOnlyList<TopicResult> Topics { get; private set; } = [];
    public IReadOnlyList<ArticleResult> Articles { get; private set; } = [];

    public sealed record TopicResult(TopicRow Row, string HeadlineHtml, string SnippetHtml);

    public sealed record ArticleResult(long Id, string TitleHtml, string SnippetHtml, string Url, string SourceName, string SourceSlug,
        DateTimeOffset PublishedAt, string? TopicUrl);

    public async Task OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        Query = q?.Trim();
        ViewData["SearchQuery"] = Query;
        var terms = SearchQuery.Terms(Query);
        if (terms.Count == 0)
        {
            return;
        }

        var topicHits = await TextSearch.TopicsAsync(db, terms, Limit, cancellationToken);
        var topicIds = topicHits.Select(h => h.Id).ToList();
        var rows = await db.Topics.AsNoTracking().Where(t => topicIds.Contains(t.Id)).SelectRows()
            .ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
        Topics = [.. topicHits.Where(h => rows.ContainsKey(h.Id))
            .Select(h => new TopicResult(rows[h.Id], SearchQuery.HighlightHtml(h.Headline), SearchQuery.HighlightHtml(h.Snippet)))];

        var articleHits = await TextSearch.ArticlesAsync(db, terms, Limit, cancellationToken);
        var articleIds = articleHits.Select(h => h.Id).ToList();
        var articles = await db.Articles.AsNoTracking().Where(a => articleIds.Contains(a.Id))
            .Select(a => new
            {
                a.Id, a.Url, a.Title, a.Text, SourceName = SourceLabels.Name(a.Source!.Name), SourceSlug = a.Source.Slug, a.PublishedAt,
                TopicId = a.TopicId, TopicSlug = a.Topic!.Slug, TopicVisible = a.Topic.MergedIntoId == null && !a.Topic.IsHidden,
            })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        Articles = [.. articleHits.Where(h => articles.ContainsKey(h.Id)).Select(h =>
        {
            var a = articles[h.Id];
            // A snippet never shows a feed's template; a body that was nothing else has no snippet.
            var clean = FeedTemplates.Clean(a.Title, a.Text);
            var snippet = clean.Length == 0 ? null : ReferenceEquals(clean, a.Text) ? h.Snippet : FeedTemplates.BeforeTemplate(h.Snippet);
            return new ArticleResult(a.Id, SearchQuery.HighlightHtml(h.Title), SearchQuery.HighlightHtml(snippet), a.Url,
                a.SourceName, a.SourceSlug, a.PublishedAt,
                a.TopicId is not null && a.TopicVisible ? $"/topics/{a.TopicId}/{a.TopicSlug}" : null);
        })];
    }
}
