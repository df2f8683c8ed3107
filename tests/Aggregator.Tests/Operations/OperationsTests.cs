using System.Net;
using System.Net.Http.Headers;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Operations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Operations;

public class OperationsTests
{
    private const string Token = "scrape-token-0123456789";

    [Fact]
    public async Task LivenessAndReadinessAnswerHealthy()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        using var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadinessFailsWhenTheDatabaseIsUnreachableWhileLivenessHolds()
    {
        using var factory = new AppFactory();
        factory.Settings["Data:MigrateOnStart"] = "false";
        factory.Settings["ConnectionStrings:Aggregator"] = $"Data Source={Path.Combine(factory.DataDirectory, "missing", "nowhere.db")};Mode=ReadWrite";
        using var client = factory.CreateClient();
        using var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/feeds/topics.rss")]
    [InlineData("/")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task HstsIsSentOverTlsOnly()
    {
        using var factory = new AppFactory();
        using var https = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://news.example.com") });
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://news.example.com") });
        using var secure = await https.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var plain = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.StartsWith("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedHeadersFromATrustedProxySetSchemeAndClient()
    {
        using var factory = new AppFactory();
        factory.Settings["Operations:ForwardedHeaders:Enabled"] = "true";
        factory.Settings["Operations:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8";
        factory.Settings["Operations:ForwardedHeaders:ForwardHost"] = "true";
        using var client = factory.WithPeerHeader().CreateClient();

        async Task<string?> SelfLinkVia(string peer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/topics.json");
            request.Headers.Add(RemoteAddress.Header, peer);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "news.example.com");
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            using var response = await client.SendAsync(request);
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("feed_url").GetString();
        }

        Assert.Equal("https://news.example.com/feeds/topics.json", await SelfLinkVia("10.1.2.3"));
        // An untrusted peer cannot claim to be a proxy.
        Assert.Equal("http://localhost/feeds/topics.json", await SelfLinkVia("198.51.100.7"));
    }

    [Fact]
    public async Task MetricsEndpointIsOffByDefault()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MetricsWithoutATokenAreForLoopbackOnly()
    {
        using var factory = new AppFactory();
        factory.Settings["Operations:Metrics:Enabled"] = "true";
        using var client = factory.WithPeerHeader().CreateClient();

        async Task<HttpStatusCode> ScrapeFrom(string peer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Add(RemoteAddress.Header, peer);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ScrapeFrom("127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, await ScrapeFrom("::1"));
        Assert.Equal(HttpStatusCode.Forbidden, await ScrapeFrom("192.0.2.10"));
    }

    [Theory]
    [InlineData("/metrics/")]
    [InlineData("/METRICS/")]
    [InlineData("/Metrics")]
    [InlineData("/metrics/.")]
    [InlineData("/metrics//")]
    public async Task EverySpellingOfTheMetricsPathIsChecked(string path)
    {
        using var factory = new AppFactory();
        factory.Settings["Operations:Metrics:Enabled"] = "true";
        using var client = factory.WithPeerHeader().CreateClient();
        using var remote = new HttpRequestMessage(HttpMethod.Get, path);
        remote.Headers.Add(RemoteAddress.Header, "192.0.2.10");
        using var refused = await client.SendAsync(remote);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("# TYPE", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var tokenFactory = new AppFactory();
        tokenFactory.Settings["Operations:Metrics:Enabled"] = "true";
        tokenFactory.Settings["Operations:Metrics:Token"] = Token;
        using var tokenClient = tokenFactory.CreateClient();
        using var anonymous = await tokenClient.GetAsync(new Uri(path, UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.DoesNotContain("# TYPE", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void ShutdownTimeoutComesFromConfiguration()
    {
        using var factory = new AppFactory();
        factory.Settings["Operations:ShutdownTimeoutSeconds"] = "45";
        Assert.Equal(TimeSpan.FromSeconds(45), factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void InvalidProxyNetworkStopsStartWithAClearMessage()
    {
        using var factory = new AppFactory();
        factory.Settings["Operations:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/99";
        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("10.0.0.0/99", error.Message, StringComparison.Ordinal);
    }
}
