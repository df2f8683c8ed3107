using Aggregator.Web.Admin;
using Aggregator.Web.Cli;
using Aggregator.Web.Clustering;
using Aggregator.Web.Data;
using Aggregator.Web.Feeds;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Operations;
using Aggregator.Web.Pages;

namespace Aggregator.Web;

/// <summary>The composition root: one call per capability, in the order they depend on each other.</summary>
public static class AppSetup
{
    public static WebApplicationBuilder AddAggregator(this WebApplicationBuilder builder, bool isCommandLine)
    {
        builder.AddLogging(isCommandLine);
        builder.AddData();
        builder.Services.AddCommandLine();
        builder.AddIngestion();
        builder.AddClustering();
        builder.AddReader();
        builder.AddAdmin();
        builder.AddFeeds();
        builder.Services.AddSharedOutputCache();
        builder.AddOperations();
        builder.AddRoles();
        builder.Services.AddScoped<IStartupSeeder, DemoContentSeeder>();
        builder.Services.AddSingleton<ICliCommand, RemoveDemoCommand>();
        return builder;
    }

    public static WebApplication UseAggregator(this WebApplication app)
    {
        app.UseOperations();
        app.UseReader();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAdmin();
        // One output cache for pages and feeds, after authentication so signed-in responses can opt out.
        app.UseOutputCache();
        // A process without the web role answers only health and metrics.
        if (app.Services.GetRequiredService<ProcessRoles>().Web)
        {
            app.MapReader();
            app.MapFeeds();
        }

        app.MapOperations();
        return app;
    }
}
