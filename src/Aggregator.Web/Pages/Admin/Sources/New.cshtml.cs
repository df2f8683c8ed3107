using Aggregator.Web.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aggregator.Web.Pages.Admin.Sources;

public class NewModel(SourceEditor editor) : PageModel
{
    [BindProperty] public SourceInput Input { get; set; } = new();

    public IReadOnlyList<KeyValuePair<string, string>> Errors { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SourceFormModel.UnreadableFields(ModelState) is { Count: > 0 } unreadable)
        {
            Errors = unreadable;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await editor.AddAsync(Input, User.Identity?.Name ?? "unknown", ct);
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        TempData["Notice"] = $"Added {result.Source!.Name}; it will be fetched shortly.";
        return Redirect("/admin/sources");
    }
}
