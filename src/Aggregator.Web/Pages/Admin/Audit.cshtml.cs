using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin;

public class AuditModel(AppDbContext db, AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "user")] public string? UserFilter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Topic { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<AuditEntry> Entries { get; private set; } = [];
    public List<string> Users { get; private set; } = [];
    public List<string> Actions { get; private set; } = [];
    public int Total { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(UserFilter))
        {
            entries = entries.Where(a => a.User == UserFilter);
        }

        if (!string.IsNullOrWhiteSpace(Action))
        {
            entries = entries.Where(a => a.Action == Action);
        }

        if (!string.IsNullOrWhiteSpace(Topic))
        {
            var id = Topics.EditModel.ExtractTopicId(Topic);
            entries = entries.Where(a => (a.EntityType == "topic" && a.EntityId == id) || (a.After != null && a.After.Contains("topic:" + id)) || (a.After != null && a.After.Contains("\"" + id + "\"")));
        }

        if (From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(a => a.At >= start);
        }

        if (To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(a => a.At < end);
        }

        Total = await entries.CountAsync(ct);
        PageNumber = Shared.Pager.Clamp(PageNumber, Total, PageSize);
        Entries = await entries.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Users = await db.AuditEntries.AsNoTracking().Select(a => a.User).Distinct().OrderBy(u => u).ToListAsync(ct);
        Actions = await db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(u => u).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostUndoAsync(long entryId, CancellationToken ct)
    {
        var error = await audit.UndoAsync(entryId, User.Identity?.Name ?? "unknown", ct);
        if (error is null)
        {
            TempData["Notice"] = $"Change #{entryId} undone.";
            return Redirect("/admin/audit");
        }

        Error = error;
        await OnGetAsync(ct);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public string PageLink(int page) =>
        Url.Page("/Admin/Audit", new { user = UserFilter, action = Action, topic = Topic, from = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), to = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p = page })!;
}
