using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Sources;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class IndexModel(AppDbContext db) : PageModel
{
    public IReadOnlyList<Row> Sources { get; private set; } = [];

    public sealed record Row(string Slug, string Name, SourceKind Kind, int Tier, bool Enabled, int ArticleCount,
        DateTimeOffset? LastSuccessAt, int ConsecutiveFailures, string? LastError)
    {
        public SourceHealth Health => SourceHealth.Of(Enabled, LastSuccessAt, ConsecutiveFailures);
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sources = await db.Sources.AsNoTracking()
            .OrderBy(s => s.Tier).ThenBy(s => s.Name)
            .Select(s => new Row(s.Slug, SourceLabels.Name(s.Name), s.Kind, s.Tier, s.Enabled, s.Articles.Count, s.LastSuccessAt,
                s.ConsecutiveFailures, s.LastError))
            .ToListAsync(cancellationToken);
        FeedLink.Add(ViewData, FeedLink.AllTopics);
    }
}
