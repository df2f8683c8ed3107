using System.Net;
using Aggregator.Tests.Infrastructure;
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
