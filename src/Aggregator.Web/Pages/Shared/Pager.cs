namespace Aggregator.Web.Pages.Shared;

public sealed record Pager(int Page, int PageCount, string? Previous, string? Next)
{
    public static Pager For(TopicPage page, Func<int, string> url) =>
        new(page.Page, page.PageCount, page.HasPrevious ? url(page.Page - 1) : null, page.HasNext ? url(page.Page + 1) : null);
}
