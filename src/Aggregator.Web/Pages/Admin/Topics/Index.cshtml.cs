using Aggregator.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Admin.Topics;

public class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? MinImportance { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<Row> Rows { get; private set; } = [];
    public List<string> Categories { get; private set; } = [];
    public int Total { get; private set; }

    public sealed record Row(string Id, string Headline, int Importance, int ComputedImportance, int ArticleCount, int SourceCount,
        DateTimeOffset LatestAt, string? Category, bool IsPinned, bool IsHidden, bool Edited, string? MergedIntoId);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var topics = db.Topics.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            var pattern = "%" + q.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            var id = q.ToLowerInvariant();
            // LIKE ignores ASCII case on SQLite; PostgreSQL's needs ILIKE for that.
            topics = db.Database.IsNpgsql()
                ? topics.Where(t => t.Id == id || EF.Functions.ILike(t.Headline, pattern, "\\") || (t.Dek != null && EF.Functions.ILike(t.Dek, pattern, "\\")))
                : topics.Where(t => t.Id == id || EF.Functions.Like(t.Headline, pattern, "\\") || (t.Dek != null && EF.Functions.Like(t.Dek, pattern, "\\")));
        }

        topics = Status switch
        {
            "visible" => topics.Where(t => t.MergedIntoId == null && !t.IsHidden),
            "hidden" => topics.Where(t => t.MergedIntoId == null && t.IsHidden),
            "pinned" => topics.Where(t => t.MergedIntoId == null && t.IsPinned),
            "edited" => topics.Where(t => t.MergedIntoId == null && (t.EditorImportance != null || t.EditorHeadline != null || t.EditorDek != null || t.EditorSummary != null || t.EditorLeadArticleId != null)),
            "merged" => topics.Where(t => t.MergedIntoId != null),
            _ => topics.Where(t => t.MergedIntoId == null),
        };
        if (MinImportance is { } min)
        {
            topics = topics.Where(t => t.Importance >= min);
        }

        if (!string.IsNullOrWhiteSpace(Category))
        {
            topics = topics.Where(t => t.Category == Category);
        }

        topics = Sort switch
        {
            "importance" => topics.OrderByDescending(t => t.Importance).ThenByDescending(t => t.LatestAt),
            "articles" => topics.OrderByDescending(t => t.ArticleCount).ThenByDescending(t => t.LatestAt),
            "updated" => topics.OrderByDescending(t => t.UpdatedAt),
            _ => topics.OrderByDescending(t => t.LatestAt),
        };
        Total = await topics.CountAsync(ct);
        PageNumber = Shared.Pager.Clamp(PageNumber, Total, PageSize);
        Rows = await topics.Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(t => new Row(t.Id, t.Headline, t.Importance, t.ComputedImportance, t.ArticleCount, t.SourceCount, t.LatestAt, t.Category,
                t.IsPinned, t.IsHidden,
                t.EditorImportance != null || t.EditorHeadline != null || t.EditorDek != null || t.EditorSummary != null || t.EditorLeadArticleId != null,
                t.MergedIntoId))
            .ToListAsync(ct);
        Categories = await db.Topics.AsNoTracking().Where(t => t.Category != null).Select(t => t.Category!).Distinct().OrderBy(c => c).ToListAsync(ct);
    }

    public string PageLink(int page) =>
        Url.Page("/Admin/Topics/Index", new { q = Q, status = Status, minImportance = MinImportance, category = Category, sort = Sort, p = page })!;
}
