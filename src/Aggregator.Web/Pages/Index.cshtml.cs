using Aggregator.Web.Data;
using Aggregator.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Pages;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class IndexModel(AppDbContext db, ReaderTime time, IOptions<ReaderOptions> options) : PageModel
{
    public Filter Query { get; private set; } = new();

    public TopicPage Topics { get; private set; } = new([], 1, 0, 30);
    public Pager Pager => Pager.For(Topics, p => QueryHelpers.AddQueryString("/", Query.RouteFor(p)));
    public IReadOnlyList<string> Categories { get; private set; } = [];
    public IReadOnlyList<Choice> Tags { get; private set; } = [];
    public IReadOnlyList<Choice> Sources { get; private set; } = [];

    public sealed class Filter
    {
        public string? Category { get; set; }
        public string? Tag { get; set; }
        public string? Source { get; set; }
        public int? Min { get; set; }
        public int Page { get; set; } = 1;

        public bool IsFiltered =>
            !string.IsNullOrEmpty(Category) || !string.IsNullOrEmpty(Tag) || !string.IsNullOrEmpty(Source) || Min is > 1;

        public Dictionary<string, string?> RouteFor(int page)
        {
            var values = new Dictionary<string, string?>();
            void Put(string key, string? value)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    values[key] = value;
                }
            }

            Put("category", Category);
            Put("tag", Tag);
            Put("source", Source);
            Put("min", Min is > 1 ? Min.ToString() : null);
            Put("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
            return values;
        }
    }

    public sealed record Choice(string Value, string Label);

    public async Task OnGetAsync(string? category, string? tag, string? source, int? min, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        Query = new Filter { Category = category, Tag = tag, Source = source, Min = min, Page = Math.Max(1, pageNumber ?? 1) };
        var topics = db.Topics.Visible();
        if (!string.IsNullOrWhiteSpace(Query.Category))
        {
            topics = topics.Where(t => t.Category == Query.Category);
        }

        if (!string.IsNullOrWhiteSpace(Query.Tag))
        {
            topics = topics.Where(t => t.Tags.Any(tt => tt.TagSlug == Query.Tag));
        }

        if (!string.IsNullOrWhiteSpace(Query.Source))
        {
            topics = topics.Where(t => t.Articles.Any(a => a.Source!.Slug == Query.Source));
        }

        if (Query.Min is > 1)
        {
            var atLeast = Math.Min(5, Query.Min.Value);
            topics = topics.Where(t => t.Importance >= atLeast);
        }

        Topics = await topics.RankAsync(Query.Page, options.Value.PageSize, time.Now, cancellationToken);

        Categories = await db.Topics.Visible().Where(t => t.Category != null)
            .Select(t => t.Category!).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        Tags = await db.TopicTags.Where(tt => !tt.Topic!.IsHidden && tt.Topic.MergedIntoId == null)
            .GroupBy(tt => new { tt.TagSlug, tt.Tag!.Name })
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Name)
            .Take(60)
            .Select(g => new Choice(g.Key.TagSlug, g.Key.Name))
            .ToListAsync(cancellationToken);
        Tags = [.. Tags.OrderBy(t => t.Label, StringComparer.OrdinalIgnoreCase)];
        Sources = await db.Sources.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new Choice(s.Slug, s.Name)).ToListAsync(cancellationToken);

        FeedLink.Add(ViewData, FeedLink.AllTopics);
        if (!string.IsNullOrWhiteSpace(Query.Category))
        {
            FeedLink.Add(ViewData, FeedLink.Category(Query.Category));
        }

        if (!string.IsNullOrWhiteSpace(Query.Tag))
        {
            FeedLink.Add(ViewData, FeedLink.Tag(Query.Tag, Query.Tag));
        }

        if (!string.IsNullOrWhiteSpace(Query.Source))
        {
            FeedLink.Add(ViewData, FeedLink.Source(Query.Source, Query.Source));
        }

        if (Query.Min is > 1 and <= 5)
        {
            FeedLink.Add(ViewData, FeedLink.Importance(Query.Min.Value));
        }
    }
}
