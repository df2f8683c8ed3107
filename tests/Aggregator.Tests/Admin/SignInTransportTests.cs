using System.Net;
using Aggregator.Tests.Infrastructure;
using Aggregator.Tests.Operations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aggregator.Tests.Admin;

/// <summary>In Production sign-in cookies are Secure; over plain HTTP the newsroom explains what to configure.</summary>
public sealed class SignInTransportTests
{
    private static WebApplicationFactory<Program> Production(AppFactory factory) =>
        factory.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/access-denied")]
    [InlineData("/admin")]
    [InlineData("/admin/sources/new")]
    public async Task PlainHttpInProductionGetsAReadableExplanationNotA500(string path)
    {
        using var factory = new AppFactory();
        using var app = Production(factory);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://news.example.com"), AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Signing in needs HTTPS", body, StringComparison.Ordinal);
        Assert.Contains("Operations:ForwardedHeaders:Enabled=true", body, StringComparison.Ordinal);
        Assert.Contains("Admin:CookieSecurePolicy=SameAsRequest", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsInProductionSignsInAsUsual()
    {
        using var factory = new AdminAppFactory();
        using var app = Production(factory);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://news.example.com"), AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("__RequestVerificationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("aggregator.af=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("http://127.0.0.1", "127.0.0.1")]
    [InlineData("http://localhost:5080", "::1")]
    public async Task PlainHttpFromABrowserOnTheServerItselfSignsIn(string site, string peer)
    {
        using var factory = new AdminAppFactory();
        using var app = factory.WithPeerHeader().WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        await factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(site), AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(RemoteAddress.Header, peer);

        using var signIn = await client.PostFormAsync("/account/login", "/account/login",
            ("Input.Email", AdminAppFactory.AdminEmail), ("Input.Password", AdminAppFactory.Password));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/admin", signIn.Headers.Location?.OriginalString);
        // Not Secure: a cookie marked so would not come back over plain HTTP from every client.
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("aggregator.auth=", StringComparison.Ordinal) && !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        using var newsroom = await client.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, newsroom.StatusCode);
    }

    [Theory]
    [InlineData("http://news.example.com", "127.0.0.1", null)]
    [InlineData("http://127.0.0.1", "127.0.0.1", "X-Forwarded-For")]
    [InlineData("http://localhost", "127.0.0.1", "X-Forwarded-Proto")]
    [InlineData("http://127.0.0.1", "203.0.113.9", null)]
    public async Task PlainHttpThroughAProxyOrFromElsewhereStillGetsTheExplanation(string site, string peer, string? forwardedHeader)
    {
        using var factory = new AdminAppFactory();
        using var app = factory.WithPeerHeader().WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(site), AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(RemoteAddress.Header, peer);
        if (forwardedHeader is not null)
        {
            client.DefaultRequestHeaders.Add(forwardedHeader, forwardedHeader == "X-Forwarded-Proto" ? "http" : "198.51.100.7");
        }

        using var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Signing in needs HTTPS", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReaderPagesStayOpenOverPlainHttp()
    {
        using var factory = new AppFactory();
        using var app = Production(factory);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://news.example.com") });
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
