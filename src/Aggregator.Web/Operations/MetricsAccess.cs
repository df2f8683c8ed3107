using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Web.Operations;

/// <summary>Who may scrape /metrics: holders of the configured bearer token, or, with no token set, loopback clients only.</summary>
public static class MetricsAccess
{
    public static bool IsAllowed(HttpContext context, MetricsOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            var header = context.Request.Headers.Authorization.ToString();
            const string scheme = "Bearer ";
            if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(options.Token));
        }

        return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
    }

    /// <summary>
    /// Guards the scrape endpoint's own pipeline, so every path routing matches to it (a trailing slash, another
    /// case, a dot segment) is checked, not only the configured spelling.
    /// </summary>
    public static IApplicationBuilder UseMetricsAccess(this IApplicationBuilder scrapePipeline, MetricsOptions options) =>
        scrapePipeline.Use((context, next) =>
        {
            if (IsAllowed(context, options))
            {
                return next(context);
            }

            context.Response.StatusCode = string.IsNullOrEmpty(options.Token) ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return Task.CompletedTask;
        });
}
