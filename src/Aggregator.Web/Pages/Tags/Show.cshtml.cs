using Aggregator.Web.Data;
using Aggregator.Web.Pages.Guides;
using Aggregator.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Pages.Tags;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class ShowModel(AppDbContext db, GuideLibrary library, ReaderTime time, IOptions<ReaderOptions> options) : PageModel
{
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Kind { get; private set; } = "topic";
    public TopicPage Topics { get; private set; } = new([], 1, 0, 30);
    public Pager Pager => Pager.For(Topics, p => $"/tags/{Uri.EscapeDataString(Slug)}?page={p}");
    public IReadOnlyList<Guide> Guides { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.AsNoTracking().Where(t => t.Slug == slug)
            .Select(t => new { t.Slug, t.Name, t.Kind }).SingleOrDefaultAsync(cancellationToken);
        Guides = [.. library.RelatedTo([slug])];
        if (tag is null && Guides.Count == 0)
        {
            return NotFound();
        }

        Slug = slug;
        Name = tag?.Name ?? slug;
        Kind = tag?.Kind ?? "topic";
        Topics = await db.Topics.Visible().Where(t => t.Tags.Any(tt => tt.TagSlug == slug))
            .RankAsync(pageNumber ?? 1, options.Value.PageSize, time.Now, cancellationToken);
        FeedLink.Add(ViewData, FeedLink.Tag(Slug, Name));
        return Page();
    }
}
