using Aggregator.Web.Data;
using Aggregator.Web.Pages.Guides;
using Aggregator.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Pages.Categories;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class ShowModel(AppDbContext db, GuideLibrary library, ReaderTime time, IOptions<ReaderOptions> options) : PageModel
{
    public string Slug { get; private set; } = "";
    public TopicPage Topics { get; private set; } = new([], 1, 0, 30);
    public Pager Pager => Pager.For(Topics, p => $"/categories/{Uri.EscapeDataString(Slug)}?page={p}");
    public IReadOnlyList<Guide> Guides { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        Slug = slug;
        Topics = await db.Topics.Visible().Where(t => t.Category == slug)
            .RankAsync(pageNumber ?? 1, options.Value.PageSize, time.Now, cancellationToken);
        if (Topics.TotalCount == 0)
        {
            return NotFound();
        }

        Guides = [.. library.RelatedTo([slug])];
        FeedLink.Add(ViewData, FeedLink.Category(slug));
        return Page();
    }
}
