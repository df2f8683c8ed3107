using System.Text;
using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin.Sources;

[RequestSizeLimit(MaxUpload + (64 * 1024))]
public class OpmlModel(AppDbContext db, SourceEditor editor, TimeProvider clock) : PageModel
{
    private const long MaxUpload = 2 * 1024 * 1024;

    public OpmlImportResult? Result { get; private set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
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
            await using var stream = file.OpenReadStream();
            Result = await editor.ImportOpmlAsync(stream, User.Identity?.Name ?? "unknown", ct);
            if (Result.Added.Count == 0 && Result.Skipped.Count == 0)
            {
                Error = "The file has no feeds (no outline with an xmlUrl).";
            }

            return Page();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
