using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin.Topics;

public class EditModel(AppDbContext db, TopicEditor editor) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";

    public Topic? Topic { get; private set; }
    public List<ArticleRow> Articles { get; private set; } = [];
    public List<AuditEntry> History { get; private set; } = [];
    public string? Error { get; private set; }
    public string? PreviewHtml { get; private set; }

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Importance { get; set; }
    [BindProperty] public string? Lead { get; set; }
    [BindProperty] public TextInput Text { get; set; } = new();
    [BindProperty] public string? OtherTopicId { get; set; }
    [BindProperty] public string? Direction { get; set; }
    [BindProperty] public List<long> Selected { get; set; } = [];
    [BindProperty] public string? SplitHeadline { get; set; }
    [BindProperty] public long MoveArticleId { get; set; }
    [BindProperty] public string? MoveTo { get; set; }

    public sealed class TextInput
    {
        public string? Headline { get; set; }
        public string? Dek { get; set; }
        public string? Summary { get; set; }
    }

    public sealed record ArticleRow(long Id, string Title, string Url, string Source, DateTimeOffset PublishedAt, int Importance, bool PlacedByEditor);

    private string User_ => User.Identity?.Name ?? "unknown";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Text = new TextInput { Headline = Topic!.EditorHeadline, Dek = Topic.EditorDek, Summary = Topic.EditorSummary };
        return Page();
    }

    public async Task<IActionResult> OnPostImportanceAsync(CancellationToken ct)
    {
        int? value = null;
        if (Importance is not (null or "" or "auto"))
        {
            if (!int.TryParse(Importance, out var parsed))
            {
                return await FailAsync("Pick an importance from 1 to 5, or automatic.", ct);
            }

            value = parsed;
        }

        return await DoneAsync(await editor.SetImportanceAsync(Id, value, Reason, User_, ct),
            value is null ? "Importance is automatic again." : $"Importance set to {value}.", ct);
    }

    public async Task<IActionResult> OnPostPinAsync(bool pinned, CancellationToken ct) =>
        await DoneAsync(await editor.SetPinnedAsync(Id, pinned, Reason, User_, ct), pinned ? "Pinned to the top." : "Unpinned.", ct);

    public async Task<IActionResult> OnPostHideAsync(bool hidden, CancellationToken ct) =>
        await DoneAsync(await editor.SetHiddenAsync(Id, hidden, Reason, User_, ct), hidden ? "Hidden from readers." : "Visible to readers again.", ct);

    public async Task<IActionResult> OnPostLeadAsync(CancellationToken ct)
    {
        long? lead = null;
        if (Lead is not (null or "" or "auto"))
        {
            if (!long.TryParse(Lead, out var parsed))
            {
                return await FailAsync("Pick one of the topic's articles as lead, or automatic.", ct);
            }

            lead = parsed;
        }

        return await DoneAsync(await editor.SetLeadAsync(Id, lead, Reason, User_, ct), lead is null ? "The lead is chosen automatically again." : "Lead article changed.", ct);
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (ReaderMarkdown.Problem(Text.Summary) is { } problem)
        {
            return await FailAsync(problem, ct);
        }

        PreviewHtml = ReaderMarkdown.ToHtml(Text.Summary);
        if (PreviewHtml.Length == 0)
        {
            PreviewHtml = "<p><em>(empty: the computed summary will be shown)</em></p>";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostTextAsync(CancellationToken ct) =>
        await DoneAsync(await editor.SetTextAsync(Id, Text.Headline, Text.Dek, Text.Summary, Reason, User_, ct), "Text saved.", ct);

    public async Task<IActionResult> OnPostMergeAsync(CancellationToken ct)
    {
        var other = ExtractTopicId(OtherTopicId);
        var result = Direction == "here"
            ? await editor.MergeAsync(other, Id, Reason, User_, ct)
            : await editor.MergeAsync(Id, other, Reason, User_, ct);
        return await DoneAsync(result, Direction == "here" ? $"Topic {other} merged into this one." : $"Merged into {other}; the old address now redirects there.", ct);
    }

    public async Task<IActionResult> OnPostSplitAsync(CancellationToken ct)
    {
        var result = await editor.SplitAsync(Id, Selected, SplitHeadline, Reason, User_, ct);
        return await DoneAsync(result, $"Split {Selected.Count} article(s) out into a new topic.", ct);
    }

    public async Task<IActionResult> OnPostMoveAsync(CancellationToken ct)
    {
        var result = await editor.MoveArticleAsync(MoveArticleId, ExtractTopicId(MoveTo), Reason, User_, ct);
        return await DoneAsync(result, $"Article moved to topic {result.TopicId}.", ct, stayHere: true);
    }

    /// <summary>Editors paste whole links as often as ids: take the id out of /topics/{id}/... or /admin/topics/{id}.</summary>
    internal static string ExtractTopicId(string? text)
    {
        text = (text ?? "").Trim();
        var marker = text.LastIndexOf("topics/", StringComparison.OrdinalIgnoreCase);
        if (marker >= 0)
        {
            text = text[(marker + "topics/".Length)..].Split('/', '?', '#')[0];
        }

        return text.ToLowerInvariant();
    }

    private async Task<IActionResult> DoneAsync(EditResult result, string notice, CancellationToken ct, bool stayHere = false)
    {
        if (!result.Succeeded)
        {
            return await FailAsync(result.Error!, ct);
        }

        TempData["Notice"] = notice + (result.Entry is { } e ? $" (audit #{e.Id})" : "");
        var target = stayHere || result.TopicId is null ? Id : result.TopicId;
        return Redirect($"/admin/topics/{target}");
    }

    private async Task<IActionResult> FailAsync(string error, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Id = (Id ?? "").Trim().ToLowerInvariant();
        Topic = await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == Id, ct);
        if (Topic is null)
        {
            return false;
        }

        Articles = await db.Articles.AsNoTracking().Where(a => a.TopicId == Id).OrderBy(a => a.PublishedAt)
            .Select(a => new ArticleRow(a.Id, a.Title, a.Url, a.Source!.Name, a.PublishedAt, a.Importance, a.PlacedByEditor))
            .ToListAsync(ct);
        History = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == Id || (a.After != null && a.After.Contains(Id)))
            .OrderByDescending(a => a.Id).Take(20).ToListAsync(ct);
        return true;
    }
}
