using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Aggregator.Web.Pages;

/// <summary>
/// A page answers only the methods it has handlers for. Razor Pages would otherwise render a page whose handler never
/// ran (TRACE, or a POST to a read-only page) with its model unset, which fails with a 500.
/// </summary>
public sealed class DeclaredMethodsOnly : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var declared = context.ActionDescriptor.HandlerMethods;
        // Pages without a model (the not-found and access-denied pages) render for any method, as status pages must.
        if (context.HandlerMethod is not null || declared.Count == 0)
        {
            return next();
        }

        var allowed = declared.Select(h => h.HttpMethod.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (allowed.Contains(HttpMethods.Get))
        {
            allowed.Add(HttpMethods.Head);
        }

        context.HttpContext.Response.Headers.Allow = string.Join(", ", allowed.Order(StringComparer.Ordinal));
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        return Task.CompletedTask;
    }
}
