using System.Text;
using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin.Sources;

[RequestSizeLimit(MaxUpload + (64 * 1024))]
public class OpmlModel(AppDbContext db, OpmlImportJobs imports, TimeProvider clock) : PageModel
{
    private const long MaxUpload = 2 * 1024 * 1024;

    /// <summary>The import this page reports on; while it runs the page refreshes itself.</summary>
    public OpmlImportJob? Job { get; private set; }
    public OpmlImportResult? Result => Job?.Result;
    public string? Error { get; private set; }

    public IActionResult OnGet(string? job)
    {
        Job = imports.Find(job);
        if (job is not null && Job is null)
        {
            Error = "That import is no longer tracked (the site restarted since). The sources it added are kept; check the source list.";
        }
        else if (Job is { IsFinished: false })
        {
            Response.Headers["Refresh"] = "2";
        }

        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var sources = await db.Sources.AsNoTracking().ToListAsync(ct);
        var document = Aggregator.Web.Admin.Opml.Write(sources, clock.GetUtcNow());
        var text = document.Declaration + "\n" + document.ToString();
        return File(Encoding.UTF8.GetBytes(text), "text/x-opml; charset=utf-8", "aggregator-sources.opml");
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = "Choose an OPML file to import.";
        }
        else if (file.Length > MaxUpload)
        {
            Error = "The file is larger than 2 MB; an OPML list of feeds is much smaller.";
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            Job = await imports.StartAsync(buffer.ToArray(), User.Identity?.Name ?? "unknown");
            if (!Job.IsFinished)
            {
                return Redirect($"/admin/sources/opml?job={Job.Id}");
            }

            if (Result is { Added.Count: 0, Skipped.Count: 0 })
            {
                Error = "The file has no feeds (no outline with an xmlUrl).";
            }

            return Page();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
