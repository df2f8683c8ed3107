namespace Aggregator.Web.Operations;

/// <summary>
/// A client that disconnects mid-request cancels the work for it; that is the client's doing, not a server error.
/// Such requests end with status 499 (nginx's "client closed request"), logged at Information without a stack trace
/// and counted apart from 5xx in the request metrics.
/// </summary>
public static class ClientAborts
{
    public const int ClientClosedRequest = 499;

    public static IApplicationBuilder UseClientAbortHandling(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (IsClientAbort(context, ex))
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = ClientClosedRequest;
                }
            }
        });

    public static bool IsClientAbort(HttpContext context, Exception? exception) =>
        context.RequestAborted.IsCancellationRequested
        && exception is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionResetException;
}
