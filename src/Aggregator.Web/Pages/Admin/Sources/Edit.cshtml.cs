using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin.Sources;

public class EditModel(AppDbContext db, SourceEditor editor) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public SourceInput Input { get; set; } = new();
    [BindProperty] public string? Reason { get; set; }

    public Source? Source { get; private set; }
    public IReadOnlyList<KeyValuePair<string, string>> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id, ct);
        if (Source is null)
        {
            return NotFound();
        }

        Input = SourceInput.From(Source);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SourceFormModel.UnreadableFields(ModelState) is { Count: > 0 } unreadable)
        {
            Source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id, ct);
            if (Source is null)
            {
                return NotFound();
            }

            Errors = unreadable;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await editor.EditAsync(Id, Input, Reason, User.Identity?.Name ?? "unknown", ct);
        if (result.Source is null)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            Source = result.Source;
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        TempData["Notice"] = $"Saved {result.Source.Name}.";
        return Redirect("/admin/sources");
    }
}
