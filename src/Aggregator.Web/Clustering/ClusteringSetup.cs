using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering;

public static class ClusteringSetup
{
    public static WebApplicationBuilder AddClustering(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusteringOptions>().BindConfiguration(ClusteringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => TopicVocabulary.Load(sp.GetRequiredService<IOptions<ClusteringOptions>>().Value.ResolveSeedsDirectory()));
        builder.Services.AddSingleton<ClusteringEngineState>();
        builder.Services.AddScoped<ITopicUpdater, TopicUpdater>();
        builder.Services.AddScoped<ClusteringRunner>();
        builder.Services.AddSingleton<LlmTopicSummarizer>();
        builder.Services.AddSingleton<Data.IStartupSeeder, TagSeeder>();
        builder.Services.AddHostedService<ClusteringWorker>();
        builder.Services.AddSingleton<Cli.IBenchmark, ClusteringBenchmark>();
        return builder;
    }
}
