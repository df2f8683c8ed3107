using Aggregator.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Aggregator.Web.Pages.Guides;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class IndexModel(GuideLibrary library) : PageModel
{
    public IReadOnlyList<Guide> Guides => library.All;

    public void OnGet() => FeedLink.Add(ViewData, FeedLink.AllTopics);
}
