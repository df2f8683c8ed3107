using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Clustering.Enrichment;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Serilog.Core;

namespace Aggregator.Tests.Clustering;

/// <summary>The app with the scripted engine and a recording output cache, for runner tests.</summary>
internal sealed class ClusteringAppFactory : AppFactory
{
    public ScriptedClusterer Engine { get; } = new();

    public RecordingOutputCache Cache { get; } = new();

    /// <summary>When set, wraps the topic updater (e.g. to make a batch fail).</summary>
    public Func<ITopicUpdater, ITopicUpdater>? DecorateUpdater { get; set; }

    /// <summary>What the app logged.</summary>
    public LogCapture Log { get; } = new();

    private IHost? _host;

    /// <summary>Stops the app as a shutdown does: the host stops its hosted services, the clustering worker among them.</summary>
    public Task StopAsync() => (_host ?? throw new InvalidOperationException("The app has not started")).StopAsync();

    protected override IHost CreateHost(IHostBuilder builder) => _host = base.CreateHost(builder);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IStoryClusterer>();
            services.AddSingleton<IStoryClusterer>(Engine);
            services.RemoveAll<IOutputCacheStore>();
            services.AddSingleton<IOutputCacheStore>(Cache);
            services.AddSingleton<ILogEventSink>(Log);
            if (DecorateUpdater is { } decorate)
            {
                services.RemoveAll<ITopicUpdater>();
                services.AddScoped<TopicUpdater>();
                services.AddScoped(sp => decorate(sp.GetRequiredService<TopicUpdater>()));
            }
        });
    }

    public async Task<ClusteringRunResult> RunAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
    }
}

internal sealed class RecordingOutputCache : IOutputCacheStore
{
    public List<string> EvictedTags { get; } = [];

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        lock (EvictedTags)
        {
            EvictedTags.Add(tag);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>Fails the first recompute, as a crash in the middle of a batch would.</summary>
internal sealed class FailingOnceUpdater(ITopicUpdater inner, FailSwitch failSwitch) : ITopicUpdater
{
    public Task RecomputeAsync(Aggregator.Web.Data.AppDbContext db, IReadOnlyCollection<string> topicIds, CancellationToken cancellationToken)
    {
        if (failSwitch.Armed)
        {
            failSwitch.Armed = false;
            throw new InvalidOperationException("Simulated failure in the middle of a batch");
        }

        return inner.RecomputeAsync(db, topicIds, cancellationToken);
    }

    public Task ComposeAsync(Aggregator.Web.Data.AppDbContext db, IReadOnlyList<(Aggregator.Web.Model.Topic Topic, IReadOnlyList<Aggregator.Web.Model.Article> Members)> topics,
        CancellationToken cancellationToken) => inner.ComposeAsync(db, topics, cancellationToken);
}

internal sealed class FailSwitch
{
    public bool Armed { get; set; }
}
