using System.Net;
using Aggregator.Tests.Admin;
using Aggregator.Tests.Infrastructure;
using Aggregator.Tests.Pages;

namespace Aggregator.Tests.Operations;

/// <summary>Requests any visitor can send: each gets a 4xx, never a 500.</summary>
[Collection(ReaderCollection.Name)]
public sealed class VisitorErrorTests(ReaderFixture fixture)
{
    public static TheoryData<string> ReaderPages => new()
    {
        $"/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health",
        "/sources/the-verge",
        "/guides/open-vs-closed",
        "/",
        "/search?q=chatgpt",
    };

    [Theory]
    [MemberData(nameof(ReaderPages))]
    public async Task MethodsAPageDoesNotAnswerGet405(string path)
    {
        foreach (var method in new[] { "TRACE", "POST", "PUT", "DELETE" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await fixture.Client.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest,
                $"{method} {path}: {response.StatusCode}");
        }

        using var head = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task APostWithAValidAntiforgeryTokenToAReadOnlyPageAnswers405()
    {
        var login = await fixture.GetDocumentAsync("/account/login");
        var token = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await fixture.Client.PostAsync(new Uri($"/topics/{ReaderData.HealthId}/openai-launches-chatgpt-health", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/feeds/topics.rss", "example.com:99999")]
    [InlineData("/feeds/topics.atom", "a..b")]
    [InlineData("/feeds/topics.atom", "example.com:http")]
    [InlineData("/sources/the-verge", "example.com:0")]
    public async Task AnUnusableHostAnswers400(string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Host", host);
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnOverlongHostLabelAnswers400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/topics.rss");
        request.Headers.TryAddWithoutValidation("Host", new string('a', 300) + ".example");
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/feeds/topics.rss")]
    [InlineData("/")]
    public async Task AValidHostWithAPortStillServes(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Host", "news.example.com:8443");
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/?page=2147483647")]
    [InlineData("/?page=-2147483648")]
    [InlineData("/categories/product?page=2147483647")]
    public async Task AHugePageNumberShowsTheLastPageNotTheFirst(string path)
    {
        var doc = await fixture.GetDocumentAsync(path);
        var label = doc.QuerySelector(".pager")?.TextContent ?? "";
        Assert.DoesNotContain("2147483647", label, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/topics?p=2147483647")]
    [InlineData("/admin/audit?p=2147483647")]
    public async Task AdminListsClampAHugePageNumber(string path)
    {
        using var factory = new AdminAppFactory();
        await factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        using var client = await factory.SignInAsync(AdminAppFactory.AdminEmail);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("2147483647", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverlongForwardedSchemeAnswers400()
    {
        using var factory = new AppFactory();
        factory.Settings["Operations:ForwardedHeaders:Enabled"] = "true";
        using var client = factory.WithPeerHeader().CreateClient();
        foreach (var path in new[] { "/feeds/topics.rss", "/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add(RemoteAddress.Header, "127.0.0.1");
            request.Headers.Add("X-Forwarded-Proto", new string('h', 3000));
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task APunycodeLabelThatDoesNotDecodeAnswers400()
    {
        // The test server cannot carry such a Host (reading it throws), so this goes through Kestrel on loopback.
        using var factory = new AppFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = factory.CreateClient();
        foreach (var path in new[] { "/", "/feeds/topics.rss", "/sources" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Host", "xn--zz");
            using var response = await client.SendAsync(request);
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{path}: {response.StatusCode}");
        }
    }
}
