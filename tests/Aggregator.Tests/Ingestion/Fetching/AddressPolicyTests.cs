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
    [InlineData("[64:ff9b::7f00:1]")]
    [InlineData("[2002:7f00:1::1]")]
    [InlineData("[::127.0.0.1]")]
    [InlineData("[2001:0:4136:e378:8000:63bf:80ff:fffe]")]
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

    [Theory]
    [InlineData("64:ff9b::a00:1", true)]                      // NAT64 of 10.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe", true)]                  // NAT64 of the cloud metadata address
    [InlineData("64:ff9b:1::5db8:d70e", true)]                // local-use NAT64: a private network
    [InlineData("2002:c0a8:101::", true)]                     // 6to4 of 192.168.1.1
    [InlineData("::10.1.2.3", true)]                          // IPv4-compatible
    [InlineData("2001:0:4136:e378:8000:63bf:a247:28f1", false)] // Teredo: public server, public client 93.184.215.14 (inverted)
    [InlineData("2001:0:a00:1:8000:63bf:a247:28f1", true)]    // Teredo with a private server 10.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", true)] // Teredo whose client is 10.0.0.1 (inverted)
    [InlineData("64:ff9b::5db8:d70e", false)]                 // NAT64 of a public address stays allowed
    [InlineData("2002:5db8:d70e::1", false)]                  // 6to4 of a public address
    [InlineData("2606:4700::1111", false)]                    // plain public IPv6
    public void IPv6ThatCarriesAnIPv4AddressIsJudgedByThatAddress(string address, bool nonPublic) =>
        Assert.Equal(nonPublic, NetworkAddressPolicy.IsNonPublic(System.Net.IPAddress.Parse(address)));

    [Fact]
    public void RefusalIsNotRetried()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new AddressRefusedException("x", [System.Net.IPAddress.Loopback]));
        Assert.False(FeedHttp.IsTransient(refused));
        Assert.True(FeedHttp.IsTransient(new HttpRequestException(HttpRequestError.ConnectionError, "reset")));
        Assert.False(FeedHttp.IsTransient(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
    }
}
