using Aggregator.Web.Data;

namespace Aggregator.Web.Ingestion;

public static class IngestionSetup
{
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddFeedHttpClient();
        builder.Services.AddSingleton<HostConcurrencyLimiter>();
        builder.Services.AddSingleton<SharedHostSlots>();
        builder.Services.AddSingleton<FeedRefreshQueue>();
        builder.Services.AddSingleton<IFeedRefreshQueue>(sp => sp.GetRequiredService<FeedRefreshQueue>());
        builder.Services.AddTransient<FeedFetcher>();
        builder.Services.AddScoped<FeedRefresher>();
        builder.Services.AddHostedService<FeedScheduler>();
        builder.Services.AddHostedService<FeedWorkerPool>();

        var services = builder.Services;
        // Parse, normalise, store: shared by live fetching, the import verb and the demo-content seeder.
        services.AddOptions<FeedProcessingOptions>().BindConfiguration(FeedProcessingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FeedParser>();
        services.AddSingleton<ArticleNormalizer>();
        services.AddScoped<FeedPipeline>();
        services.AddScoped<IFeedPipeline>(sp => sp.GetRequiredService<FeedPipeline>());
        services.AddScoped<FeedImporter>();
        services.AddScoped<IStartupSeeder, SourceSeeder>();

        return builder;
    }
}
