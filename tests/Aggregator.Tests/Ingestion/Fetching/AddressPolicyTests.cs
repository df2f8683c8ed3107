using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>With the default settings, feed URLs that lead to loopback or private addresses are never connected to.</summary>
public sealed class AddressPolicyTests : IAsyncLifetime
{
    private readonly FetchingAppFactory _app = new();
    private HostileHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HostileHost.StartAsync();
        _app.Settings["Ingestion:MaxRetries"] = "0";
        _app.Settings["Ingestion:RequestTimeout"] = "00:00:05";
        _app.Settings["Ingestion:AttemptTimeout"] = "00:00:05";
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task RefusesFeedsOnLoopbackByDefault(string hostName)
    {
        var url = new UriBuilder(_host.Url("/good")) { Host = hostName }.Uri;
        var source = new Source { Name = "Local", Slug = "local", FeedUrl = url.AbsoluteUri };
        await _app.WithDbAsync(async db =>
        {
            db.Sources.Add(source);
            await db.SaveChangesAsync();
        });

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<FeedRefresher>().RefreshAsync(source.Id, CancellationToken.None);
            Assert.False(outcome!.Succeeded);
        }

        await _app.WithDbAsync(async db =>
        {
            var stored = await db.Sources.SingleAsync(s => s.Id == source.Id);
            Assert.Contains("Refused to connect", stored.LastError, StringComparison.Ordinal);
            Assert.Contains("AllowPrivateAddresses", stored.LastError, StringComparison.Ordinal);
            Assert.Null(stored.LastHttpStatus);
            Assert.Equal(1, stored.ConsecutiveFailures);
            Assert.True(stored.Enabled);
        });
        Assert.Empty(_host.Requests);
    }

    [Fact]
    public void RefusalIsNotRetried()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new AddressRefusedException("x", [System.Net.IPAddress.Loopback]));
        Assert.False(FeedHttp.IsTransient(refused));
        Assert.True(FeedHttp.IsTransient(new HttpRequestException(HttpRequestError.ConnectionError, "reset")));
        Assert.False(FeedHttp.IsTransient(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
    }
}
