using System.Diagnostics.Metrics;
using Aggregator.Web.Cli;
using Aggregator.Web.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Ingestion.Fetching;

public sealed class FetchLimitsTests(FetchingFixture fixture) : IClassFixture<FetchingFixture>
{
    [Fact]
    public async Task NeverRunsMoreFetchesAgainstOneHostThanTheCap()
    {
        var sources = new List<Aggregator.Web.Model.Source>();
        for (var i = 0; i < 8; i++)
        {
            sources.Add(await fixture.AddSourceAsync($"/concurrent?n={i}"));
        }

        var outcomes = await fixture.RefreshAsync([.. sources]);

        Assert.All(outcomes, o => Assert.True(o!.Succeeded));
        Assert.InRange(fixture.Host.MaxConcurrent, 1, 2);
    }

    [Fact]
    public async Task HostLimiterQueuesRequestsBeyondTheCapPerHost()
    {
        using var limiter = new HostConcurrencyLimiter(Options.Create(new IngestionOptions { MaxConcurrentFetchesPerHost = 2 }));
        var a = new Uri("https://a.example/feed");
        using var first = await limiter.AcquireAsync(a, CancellationToken.None);
        var second = await limiter.AcquireAsync(new Uri("https://A.example/other"), CancellationToken.None);
        var third = limiter.AcquireAsync(a, CancellationToken.None);
        using var otherHost = await limiter.AcquireAsync(new Uri("https://b.example/feed"), CancellationToken.None);

        Assert.False(third.IsCompleted);
        second.Dispose();
        using var granted = await third;
        Assert.True(granted.IsAcquired);
    }

    [Fact]
    public async Task FetchVerbRefreshesNamedSourcesAndReportsEachOutcome()
    {
        var good = await fixture.AddSourceAsync("/good?verb");
        var missing = await fixture.AddSourceAsync("/not-found?verb");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandLine.RunAsync(fixture.App.Services, ["fetch", good.Slug, missing.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, error, CancellationToken.None);

        Assert.Equal(1, exit);
        var text = output.ToString();
        Assert.Contains($"{good.Slug}: HTTP 200, 3 items", text, StringComparison.Ordinal);
        Assert.Contains($"{missing.Slug}: FAILED HTTP 404", text, StringComparison.Ordinal);
        Assert.Contains("2 sources fetched, 1 failed.", text, StringComparison.Ordinal);
        Assert.Equal(200, (await fixture.ReloadAsync(good.Id)).LastHttpStatus);
    }

    [Fact]
    public async Task CountsFetchesByOutcome()
    {
        var meters = fixture.App.Services.GetRequiredService<IMeterFactory>();
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "aggregator.fetches")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    outcomes.Add((string)tag.Value!);
                }
            }
        });
        listener.Start();

        await fixture.RefreshAsync(
            await fixture.AddSourceAsync("/good?metrics"),
            await fixture.AddSourceAsync("/gone?metrics"),
            await fixture.AddSourceAsync("/loop-a?metrics"),
            await fixture.AddSourceAsync("/invalid-xml?metrics"),
            await fixture.AddSourceAsync("/huge-declared?metrics"));

        Assert.Equal(["http_error", "ok", "parse_error", "redirect", "too_large"], outcomes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FetchVerbRejectsUnknownSources()
    {
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(fixture.App.Services, ["fetch", "no-such-source"], new StringWriter(), error, CancellationToken.None);
        Assert.Equal(2, exit);
        Assert.Contains("No such source: no-such-source", error.ToString(), StringComparison.Ordinal);
    }
}

public sealed class IngestionOptionsTests
{
    [Fact]
    public void InconsistentIntervalsStopTheAppAtStart()
    {
        using var app = new FetchingAppFactory();
        app.Settings["Ingestion:MinCheckInterval"] = "02:00:00";
        app.Settings["Ingestion:MaxCheckInterval"] = "01:00:00";
        var ex = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("MinCheckInterval", FlattenMessages(ex), StringComparison.Ordinal);
    }

    private static string FlattenMessages(Exception ex) =>
        ex is AggregateException aggregate
            ? string.Join(" ", aggregate.InnerExceptions.Select(FlattenMessages))
            : ex.Message + (ex.InnerException is null ? "" : " " + FlattenMessages(ex.InnerException));
}
