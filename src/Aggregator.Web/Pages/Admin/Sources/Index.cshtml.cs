using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin.Sources;

public class IndexModel(AppDbContext db, SourceEditor editor) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    public List<Source> Sources { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var sources = db.Sources.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = "%" + Q.Trim() + "%";
            // LIKE ignores ASCII case on SQLite; PostgreSQL's needs ILIKE for that.
            sources = db.Database.IsNpgsql()
                ? sources.Where(s => EF.Functions.ILike(s.Name, pattern) || EF.Functions.ILike(s.FeedUrl, pattern) || EF.Functions.ILike(s.Slug, pattern)
                    || (s.Category != null && EF.Functions.ILike(s.Category, pattern)) || (s.Owner != null && EF.Functions.ILike(s.Owner, pattern)))
                : sources.Where(s => EF.Functions.Like(s.Name, pattern) || EF.Functions.Like(s.FeedUrl, pattern) || EF.Functions.Like(s.Slug, pattern)
                    || (s.Category != null && EF.Functions.Like(s.Category, pattern)) || (s.Owner != null && EF.Functions.Like(s.Owner, pattern)));
        }

        sources = Show switch
        {
            "enabled" => sources.Where(s => s.Enabled),
            "disabled" => sources.Where(s => !s.Enabled),
            _ => sources,
        };
        Sources = await sources.OrderBy(s => s.Name).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostEnabledAsync(int id, bool enabled, string? reason, CancellationToken ct)
    {
        var result = await editor.SetEnabledAsync(id, enabled, reason, User.Identity?.Name ?? "unknown", ct);
        if (!result.Succeeded)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.Value));
            await OnGetAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        TempData["Notice"] = enabled ? $"{result.Source!.Name} enabled." : $"{result.Source!.Name} disabled: it is no longer fetched.";
        return Redirect("/admin/sources");
    }
}
