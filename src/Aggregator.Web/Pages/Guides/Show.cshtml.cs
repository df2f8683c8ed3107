using Aggregator.Web.Data;
using Aggregator.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Guides;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class ShowModel(AppDbContext db, GuideLibrary library) : PageModel
{
    private const int RelatedLimit = 8;

    public Guide Guide { get; private set; } = null!;
    public IReadOnlyList<Guide> RelatedGuides { get; private set; } = [];
    public IReadOnlyList<TopicRow> RelatedEvents { get; private set; } = [];
    public int RelatedEventCount { get; private set; }

    /// <summary>Related events come a page at a time, so every one the count promises can be reached.</summary>
    public Pager RelatedPager { get; private set; } = new(1, 1, null, null);
    public int FirstShown { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        var guide = library.Find(slug);
        if (guide is null)
        {
            return NotFound();
        }

        if (!string.Equals(guide.Slug, slug, StringComparison.Ordinal))
        {
            return RedirectPermanent(guide.Url);
        }

        Guide = guide;
        RelatedGuides = [.. library.RelatedTo(guide.Tags, guide.Slug).Take(RelatedLimit)];
        var tags = guide.Tags.ToList();
        var events = db.Topics.AsNoTracking().Visible()
            .Where(t => t.Tags.Any(tt => tags.Contains(tt.TagSlug)) || (t.Category != null && tags.Contains(t.Category)));
        RelatedEventCount = await events.CountAsync(cancellationToken);
        var page = Pager.Clamp(pageNumber ?? 1, RelatedEventCount, RelatedLimit);
        var pages = Pager.PageCountOf(RelatedEventCount, RelatedLimit);
        string PageUrl(int p) => $"{guide.Url}?page={p}#related-events-heading";
        RelatedPager = new Pager(page, pages, page > 1 ? PageUrl(page - 1) : null, page < pages ? PageUrl(page + 1) : null);
        FirstShown = (page - 1) * RelatedLimit + 1;
        RelatedEvents = await events
            .OrderByDescending(t => t.Tags.Count(tt => tags.Contains(tt.TagSlug)))
            .ThenByDescending(t => t.Importance).ThenByDescending(t => t.LatestAt).ThenBy(t => t.Id)
            .Skip(FirstShown - 1)
            .Take(RelatedLimit)
            .SelectRows()
            .ToListAsync(cancellationToken);
        FeedLink.Add(ViewData, FeedLink.AllTopics);
        return Page();
    }
}
