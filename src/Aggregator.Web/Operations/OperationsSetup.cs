using Aggregator.Web.Data;
using System.Net;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Aggregator.Web.Operations;

public static class OperationsSetup
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: [ReadyTag]);
        builder.Services.AddSingleton<AggregatorMetrics>();

        // Everything below reads the built configuration, so hosts and tests can change it after the builder is made.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<OperationsOptions>>((host, ops) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(ops.Value.ShutdownTimeoutSeconds));

        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<OperationsOptions>>((forwarded, ops) =>
        {
            var settings = ops.Value.ForwardedHeaders;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | (settings.ForwardHost ? ForwardedHeaders.XForwardedHost : ForwardedHeaders.None);
            forwarded.ForwardLimit = settings.ForwardLimit;
            // Loopback stays trusted (a proxy on the same machine); configured proxies and networks add to it.
            foreach (var proxy in settings.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        builder.Services.AddOptions<HstsOptions>().Configure<IOptions<OperationsOptions>>((hsts, ops) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(ops.Value.Hsts.MaxAgeDays);
            hsts.IncludeSubDomains = ops.Value.Hsts.IncludeSubDomains;
            hsts.Preload = ops.Value.Hsts.Preload;
        });

        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddPrometheusExporter();
            ((IDeferredMeterProviderBuilder)metrics).Configure((services, deferred) =>
            {
                // Nothing is measured unless the scrape endpoint is on.
                if (services.GetRequiredService<IOptions<OperationsOptions>>().Value.Metrics.Enabled)
                {
                    // ASP.NET Core's own meters carry request latency (http.server.request.duration) and connections; the
                    // instrumentation package's AddAspNetCoreInstrumentation subscribes to the same ones but cannot be
                    // called this late.
                    deferred.AddMeter(AggregatorMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                }
            });
        });

        return builder;
    }

    public static WebApplication UseOperations(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
        if (settings.ForwardedHeaders.Enabled)
        {
            app.UseForwardedHeaders();
        }

        app.UseRequestTargetCheck();

        if (settings.Hsts.Enabled && !app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        if (settings.SecurityHeaders)
        {
            app.UseSecurityHeaders();
        }

        app.UseRequestLogging();
        app.UseClientAbortHandling();
        return app;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        // Liveness: the process answers. Readiness: it can also reach its database.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).DisableHttpMetrics();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).DisableHttpMetrics();

        var metrics = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value.Metrics;
        if (metrics.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(metrics.Path, meterProvider: null, configureBranchedPipeline: scrape => scrape.UseMetricsAccess(metrics), optionsName: null)
                .DisableHttpMetrics();
        }

        return app;
    }
}
