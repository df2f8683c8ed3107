using System.Net;
using System.Net.Http.Headers;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Operations;

/// <summary>
/// The metrics listener sees every meter named "Aggregator" in the process, including those of other test hosts
/// running at the same time, so tests that assert exact counter values run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics values";
}

[Collection(MetricsCollection.Name)]
public class MetricsValueTests
{
    private const string Token = "scrape-token-0123456789";

    [Fact]
    public async Task MetricsNeedTheBearerTokenAndExposeTheAppInstruments()
    {
        using var factory = new AppFactory();
        factory.Settings["Operations:Metrics:Enabled"] = "true";
        factory.Settings["Operations:Metrics:Token"] = Token;
        using var client = factory.CreateClient();
        await Feeds.FeedTestData.SeedAsync(factory);
        await factory.WithDbAsync(async db =>
        {
            var source = db.Sources.First();
            db.Articles.Add(new Web.Model.Article
            {
                SourceId = source.Id, Guid = "waiting", Url = "https://wire.example.com/waiting", Title = "Waiting", ContentHash = "w",
                FetchedAt = factory.Clock.GetUtcNow().AddMinutes(-30), PublishedAt = factory.Clock.GetUtcNow().AddMinutes(-31),
            });
            await db.SaveChangesAsync();
        });
        var metrics = factory.Services.GetRequiredService<AggregatorMetrics>();
        metrics.RecordFetch("ok");
        metrics.RecordFetch("ok");
        metrics.RecordFetch("error");
        metrics.RecordItemsIngested(7);
        metrics.RecordArticlesClustered(5);
        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).Dispose();

        using var anonymous = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        // The exporter collects on scrape and may answer from its short scrape cache: read until the counters show.
        var text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("aggregator_fetches_total", StringComparison.Ordinal); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(250);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("aggregator_fetches_total{otel_scope_name=\"Aggregator\",outcome=\"ok\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("aggregator_fetches_total{otel_scope_name=\"Aggregator\",outcome=\"error\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("aggregator_items_ingested_total{otel_scope_name=\"Aggregator\"} 7", text, StringComparison.Ordinal);
        Assert.Contains("aggregator_articles_clustered_total{otel_scope_name=\"Aggregator\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("aggregator_clustering_unclustered{otel_scope_name=\"Aggregator\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("aggregator_clustering_oldest_unclustered_age_seconds{otel_scope_name=\"Aggregator\"} 1800", text, StringComparison.Ordinal);
        // Seeded: three visible topics plus the hidden and the merged one, none closed.
        Assert.Contains("aggregator_topics_open{otel_scope_name=\"Aggregator\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }
}
