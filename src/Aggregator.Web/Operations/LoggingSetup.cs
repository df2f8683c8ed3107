using Aggregator.Web.Data;
using Serilog;
using Serilog.Events;

namespace Aggregator.Web.Operations;

public static class LoggingSetup
{
    /// <summary>Serilog, configured once: console (stderr for command-line verbs, so stdout stays clean) and a rolling file.</summary>
    public static WebApplicationBuilder AddLogging(this WebApplicationBuilder builder, bool isCommandLine)
    {
        // Each host logs through its own logger (preserveStaticLogger): the static one is the last host built, and a
        // host that stops closes it, so where several hosts share a process (the tests) they would lose each other's
        // lines.
        builder.Services.AddSerilog((services, configuration) =>
        {
            var settings = services.GetRequiredService<IConfiguration>();
            var logDirectory = Path.Combine(DataOptions.ResolveDirectory(settings), "logs");
            configuration
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                // Fetch timeouts and retries are the fetcher's to report, in one line per feed; Polly's own events
                // repeat them with a full stack trace each.
                .MinimumLevel.Override("Polly", LogEventLevel.Fatal)
                .ReadFrom.Configuration(settings)
                // Sinks registered as services (ILogEventSink) are added too.
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .WriteTo.Console(standardErrorFromLevel: isCommandLine ? LogEventLevel.Verbose : null)
                .WriteTo.File(
                    Path.Combine(logDirectory, "aggregator-.log"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 14,
                    fileSizeLimitBytes: 50_000_000,
                    rollOnFileSizeLimit: true);
        }, preserveStaticLogger: true);
        return builder;
    }

    /// <summary>Errors are the server's failures; a client that hung up is not one.</summary>
    public static LogEventLevel RequestLevel(HttpContext context, Exception? exception) =>
        context.Response.StatusCode == ClientAborts.ClientClosedRequest || ClientAborts.IsClientAbort(context, exception) ? LogEventLevel.Information
        : exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
        : context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz")
            || context.Request.Path.StartsWithSegments("/metrics") ? LogEventLevel.Debug
        : LogEventLevel.Information;

    /// <summary>One line per request with stable properties; probes and scrapes only at Debug so they do not drown the log.</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger, not the static one (see AddLogging).
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = (context, _, exception) => RequestLevel(context, exception);
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                diagnostics.Set("RequestHost", context.Request.Host.Value);
                diagnostics.Set("ClientIp", context.Connection.RemoteIpAddress?.ToString());
                diagnostics.Set("UserAgent", context.Request.Headers.UserAgent.ToString());
            };
        });
}
