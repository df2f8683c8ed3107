using System.Net;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Operations;

public class RolesTests
{
    private static ProcessRoles Parse(string? value) =>
        ProcessRoles.From(new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>("Roles", value)]).Build());

    [Fact]
    public void RolesAreAnyMixOfWebFetchAndClusterAllByDefault()
    {
        Assert.Equal(ProcessRoles.All, Parse(null));
        Assert.Equal(ProcessRoles.All, Parse("all"));
        Assert.Equal(new ProcessRoles(Web: false, Fetch: true, Cluster: true), Parse("fetch, cluster"));
        Assert.Equal(new ProcessRoles(Web: true, Fetch: false, Cluster: false), Parse("Web"));
        var error = Assert.Throws<InvalidOperationException>(() => Parse("web;render"));
        Assert.Contains("'render'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkerProcessServesOnlyHealthAndMetrics()
    {
        using var factory = new AppFactory();
        factory.Settings["Roles"] = "fetch,cluster";
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/feeds/topics.rss", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AWebProcessRunsNeitherFetchWorkersNorTheClusteringWorker()
    {
        using var factory = new AppFactory();
        factory.Settings["Roles"] = "web";
        factory.Settings["Clustering:WorkerEnabled"] = "true";
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.False(factory.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value.WorkerEnabled);
        Assert.False(factory.Services.GetRequiredService<IOptions<IngestionOptions>>().Value.WorkersEnabled);
        Assert.False(factory.Services.GetRequiredService<IFeedRefreshQueue>().HasWorkers);
    }

    [Fact]
    public void ClusteringRoleKeepsTheWorkerItsSettingTurnsOn()
    {
        using var factory = new AppFactory();
        factory.Settings["Roles"] = "cluster";
        factory.Settings["Clustering:WorkerEnabled"] = "true";
        Assert.True(factory.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value.WorkerEnabled);
    }
}
