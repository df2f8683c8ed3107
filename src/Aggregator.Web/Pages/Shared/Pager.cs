namespace Aggregator.Web.Pages.Shared;

public sealed record Pager(int Page, int PageCount, string? Previous, string? Next)
{
    /// <summary>A requested page number brought into 1..last, so any query string value shows a real page.</summary>
    public static int Clamp(int page, int totalCount, int pageSize) => Math.Clamp(page, 1, PageCountOf(totalCount, pageSize));

    public static int PageCountOf(int totalCount, int pageSize) => Math.Max(1, (int)(((long)totalCount + pageSize - 1) / pageSize));

    public static Pager For(TopicPage page, Func<int, string> url) =>
        new(page.Page, page.PageCount, page.HasPrevious ? url(page.Page - 1) : null, page.HasNext ? url(page.Page + 1) : null);
}
