using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>Attempt timeouts and retries run on wall-clock time even though the app's clock is a fake one.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    private readonly FetchingAppFactory _app = new();
    private readonly LogCapture _log = new();
    private HostileHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HostileHost.StartAsync();
        _app.Settings["Ingestion:AllowPrivateAddresses"] = "true";
        _app.Settings["Ingestion:AttemptTimeout"] = "00:00:01";
        // Far beyond the two attempts, so only the attempt timeout can end this fetch early.
        _app.Settings["Ingestion:RequestTimeout"] = "00:01:00";
        _app.Settings["Ingestion:MaxRetries"] = "1";
        _app.Settings["Ingestion:RetryDelay"] = "00:00:00.050";
        _app.ExtraServices = services => services.AddSingleton<ILogEventSink>(_log);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ServerThatNeverAnswersIsRetriedOnceThenRecordedAsTimeout()
    {
        var source = new Source { Name = "Silent", Slug = "silent", FeedUrl = _host.Url("/slow-headers").AbsoluteUri };
        await _app.WithDbAsync(async db =>
        {
            db.Sources.Add(source);
            await db.SaveChangesAsync();
        });

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FeedRefresher>().RefreshAsync(source.Id, CancellationToken.None);
        }

        Assert.Equal(2, _host.RequestsFor("/slow-headers").Count);
        await _app.WithDbAsync(async db =>
        {
            var stored = await db.Sources.SingleAsync(s => s.Id == source.Id);
            Assert.StartsWith("Timed out", stored.LastError, StringComparison.Ordinal);
            Assert.Contains("2 attempts", stored.LastError, StringComparison.Ordinal);
            Assert.Equal(1, stored.ConsecutiveFailures);
        });

        // The timeout is the feed's to report, once: the resilience pipeline's own events (a stack trace per attempt)
        // stay out of the log.
        Assert.DoesNotContain(_log.Lines(), line => line.Contains("TimeoutRejected", StringComparison.Ordinal) || line.Contains("Polly", StringComparison.Ordinal));
        Assert.Empty(_log.Lines(LogEventLevel.Error));
    }
}
