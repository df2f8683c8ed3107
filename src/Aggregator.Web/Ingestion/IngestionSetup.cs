namespace Aggregator.Web.Ingestion;

public static class IngestionSetup
{
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddFeedHttpClient();
        builder.Services.AddSingleton<HostConcurrencyLimiter>();
        builder.Services.AddSingleton<FeedRefreshQueue>();
        builder.Services.AddSingleton<IFeedRefreshQueue>(sp => sp.GetRequiredService<FeedRefreshQueue>());
        builder.Services.AddTransient<FeedFetcher>();
        builder.Services.AddScoped<FeedRefresher>();
        builder.Services.AddHostedService<FeedScheduler>();
        builder.Services.AddHostedService<FeedWorkerPool>();
        return builder;
    }
}
