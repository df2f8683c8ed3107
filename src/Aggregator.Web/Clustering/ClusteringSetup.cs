using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Clustering.Enrichment;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering;

public static class ClusteringSetup
{
    public static WebApplicationBuilder AddClustering(this WebApplicationBuilder builder)
    {
        builder.Services.AddClusteringEngine();
        builder.Services.AddOptions<ClusteringOptions>().BindConfiguration(ClusteringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => TopicVocabulary.Load(sp.GetRequiredService<IOptions<ClusteringOptions>>().Value.ResolveSeedsDirectory()));
        builder.Services.AddSingleton<ClusteringEngineState>();
        builder.Services.AddSingleton<ClusteringLeadership>();
        builder.Services.AddSingleton<ArticleFactsCache>();
        builder.Services.AddScoped<ITopicUpdater, TopicUpdater>();
        builder.Services.AddScoped<ClusteringRunner>();
        builder.Services.AddSingleton<LlmTopicSummarizer>();
        builder.Services.AddSingleton<Data.IStartupSeeder, TagSeeder>();
        builder.Services.AddHostedService<ClusteringWorker>();
        return builder;
    }

    /// <summary>The pure engine: one fresh instance per resolve, so each caller owns its state.</summary>
    public static IServiceCollection AddClusteringEngine(this IServiceCollection services)
    {
        services.AddOptions<StoryClustererOptions>().BindConfiguration(StoryClustererOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.CloseAfter > TimeSpan.Zero && o.StoryPace > TimeSpan.Zero,
                "Clustering:Engine time windows must be positive")
            .ValidateOnStart();
        services.AddTransient<IStoryClusterer, StoryClusterer>();
        return services;
    }
}
