using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin;

public class IndexModel(AppDbContext db) : PageModel
{
    public int LiveTopics { get; private set; }
    public int Pinned { get; private set; }
    public int Hidden { get; private set; }
    public int Edited { get; private set; }
    public int FailingSources { get; private set; }
    public List<AuditEntry> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var live = db.Topics.AsNoTracking().Where(t => t.MergedIntoId == null);
        LiveTopics = await live.CountAsync(ct);
        Pinned = await live.CountAsync(t => t.IsPinned, ct);
        Hidden = await live.CountAsync(t => t.IsHidden, ct);
        Edited = await live.CountAsync(t => t.EditorImportance != null || t.EditorHeadline != null || t.EditorDek != null || t.EditorSummary != null || t.EditorLeadArticleId != null, ct);
        FailingSources = await db.Sources.AsNoTracking().CountAsync(s => s.Enabled && s.ConsecutiveFailures > 0, ct);
        Recent = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(10).ToListAsync(ct);
    }
}
