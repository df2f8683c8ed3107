using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Sources;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class ShowModel(AppDbContext db) : PageModel
{
    private const int RecentLimit = 30;

    public Details Source { get; private set; } = null!;
    public IReadOnlyList<Item> Recent { get; private set; } = [];

    public sealed record Details(int Id, string Slug, string Name, string? SiteUrl, string FeedUrl, SourceKind Kind, int Tier,
        string? Owner, bool Enabled, int ArticleCount, DateTimeOffset? LastCheckedAt, DateTimeOffset? LastSuccessAt,
        DateTimeOffset? NextCheckAt, string? LastError, int ConsecutiveFailures, int? LastHttpStatus, double? PublishIntervalMinutes)
    {
        public SourceHealth Health => SourceHealth.Of(Enabled, LastSuccessAt, ConsecutiveFailures);
    }

    public sealed record Item(long Id, string Title, string Url, DateTimeOffset PublishedAt, int Importance, string? TopicId, string? TopicSlug, bool TopicVisible)
    {
        public string? TopicUrl => TopicId is not null && TopicVisible ? $"/topics/{TopicId}/{TopicSlug}" : null;
    }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var source = await db.Sources.AsNoTracking().Where(s => s.Slug == slug)
            .Select(s => new Details(s.Id, s.Slug, SourceLabels.Name(s.Name), s.SiteUrl, s.FeedUrl, s.Kind, s.Tier, s.Owner, s.Enabled, s.Articles.Count,
                s.LastCheckedAt, s.LastSuccessAt, s.NextCheckAt, s.LastError, s.ConsecutiveFailures, s.LastHttpStatus, s.PublishIntervalMinutes))
            .SingleOrDefaultAsync(cancellationToken);
        if (source is null)
        {
            return NotFound();
        }

        Source = source;
        Recent = await db.Articles.AsNoTracking().Where(a => a.SourceId == source.Id)
            .OrderByDescending(a => a.PublishedAt).Take(RecentLimit)
            .Select(a => new Item(a.Id, a.Title, a.Url, a.PublishedAt, a.Importance, a.TopicId, a.Topic!.Slug,
                a.Topic.MergedIntoId == null && !a.Topic.IsHidden))
            .ToListAsync(cancellationToken);
        FeedLink.Add(ViewData, FeedLink.Source(source.Slug, source.Name));
        return Page();
    }
}
