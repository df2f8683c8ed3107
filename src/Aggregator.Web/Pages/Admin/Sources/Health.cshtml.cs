using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin.Sources;

public class HealthModel(AppDbContext db, IServiceProvider services, TimeProvider clock) : PageModel
{
    public List<Source> Sources { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        var sources = await db.Sources.AsNoTracking().ToListAsync(ct);
        // Trouble first: failing feeds by streak, then error statuses, then the longest without a successful fetch.
        Sources = sources
            .OrderByDescending(s => s.Enabled)
            .ThenByDescending(s => s.ConsecutiveFailures)
            .ThenByDescending(s => s.LastHttpStatus is >= 400 ? 1 : 0)
            .ThenByDescending(s => s.LastError is not null ? 1 : 0)
            .ThenBy(s => s.LastSuccessAt ?? DateTimeOffset.MinValue)
            .ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<IActionResult> OnPostFetchAsync(int id, CancellationToken ct)
    {
        var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (source is null)
        {
            return NotFound();
        }

        var queue = services.GetService<IFeedRefreshQueue>();
        if (queue is null || !queue.HasWorkers)
        {
            Error = $"Fetching is off in this instance (Ingestion:WorkersEnabled is false, or Roles leaves out fetch), so nothing was queued. Turn the workers on, "
                + $"or fetch it once from the command line: Aggregator.Web fetch {source.Slug}";
        }
        else if (!source.Enabled)
        {
            Error = $"{source.Name} is disabled; enable it before fetching.";
        }
        else
        {
            var queued = await queue.EnqueueAsync(source.Id, ct);
            TempData["Notice"] = queued ? $"{source.Name} is queued for fetching." : $"{source.Name} is already queued or being fetched.";
            return Redirect("/admin/sources/health");
        }

        await OnGetAsync(ct);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
