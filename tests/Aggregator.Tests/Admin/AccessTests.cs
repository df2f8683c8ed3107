using System.Net;

namespace Aggregator.Tests.Admin;

public sealed class AccessFixture : IAsyncLifetime
{
    public AdminAppFactory Factory { get; } = new();
    public string TopicId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        await Factory.CreateAccountAsync(AdminAppFactory.EditorEmail, "Editor");
        var topic = await Factory.QueryAsync(db => NewsroomData.TopicAsync(db, Factory.Clock.GetUtcNow(), 3, "Model launch", "Model launch, more"));
        TopicId = topic.Id;
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public class AccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    public static TheoryData<string> AdminPages => new()
    {
        "/admin", "/admin/topics", "/admin/topics/0123456789", "/admin/audit",
        "/admin/sources", "/admin/sources/new", "/admin/sources/1/edit", "/admin/sources/health", "/admin/sources/opml",
        "/admin/sources/opml?handler=Export",
    };

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task AnonymousVisitorIsSentToSignIn(string url)
    {
        using var client = fixture.Factory.CreateBrowser();
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/login?ReturnUrl=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/topics/{0}?handler=Importance")]
    [InlineData("/admin/audit?handler=Undo")]
    [InlineData("/admin/sources/new")]
    [InlineData("/admin/sources/health?handler=Fetch")]
    public async Task AnonymousPostIsRefusedAndChangesNothing(string url)
    {
        using var client = fixture.Factory.CreateBrowser();
        var token = await client.GetTokenAsync("/account/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Importance"] = "5", ["Reason"] = "sneaky", ["entryId"] = "1", ["id"] = "1",
        });
        var response = await client.PostAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, fixture.TopicId), UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.Factory.QueryAsync(db => Task.FromResult(db.AuditEntries.Count())));
    }

    [Fact]
    public async Task SignedInPostWithoutAntiforgeryTokenIsRejected()
    {
        using var client = await fixture.Factory.SignInAsync(AdminAppFactory.EditorEmail);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Importance"] = "5", ["Reason"] = "no token" });
        var response = await client.PostAsync(new Uri($"/admin/topics/{fixture.TopicId}?handler=Importance", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var topic = await fixture.Factory.QueryAsync(db => Task.FromResult(db.Topics.Single(t => t.Id == fixture.TopicId)));
        Assert.Null(topic.EditorImportance);
    }

    [Fact]
    public async Task SignInFormWithoutAntiforgeryTokenIsRejected()
    {
        using var client = fixture.Factory.CreateBrowser();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = AdminAppFactory.AdminEmail, ["Input.Password"] = AdminAppFactory.Password });
        var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignedInEditorSeesTheNewsroomAndCanSignOut()
    {
        using var client = await fixture.Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var home = await client.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(AdminAppFactory.EditorEmail, await home.BodyAsync(), StringComparison.Ordinal);

        var signOut = await client.PostFormAsync("/admin", "/account/logout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await client.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task EditorIsDeniedSourcesWhileAdminIsLetIn()
    {
        using var editor = await fixture.Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var denied = await editor.GetAsync(new Uri("/admin/sources", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/access-denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);
        var page = await editor.GetAsync(denied.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);

        using var admin = await fixture.Factory.SignInAsync(AdminAppFactory.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/admin/sources", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task WrongPasswordIsRefusedWithAPlainMessage()
    {
        using var client = fixture.Factory.CreateBrowser();
        var response = await client.PostFormAsync("/account/login", "/account/login", ("Input.Email", "nobody@newsroom.test"), ("Input.Password", "not the right one at all"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("email address or password is not right", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInNeverRedirectsToAnotherSite()
    {
        using var client = fixture.Factory.CreateBrowser();
        var response = await client.PostFormAsync("/account/login", "/account/login?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            ("Input.Email", AdminAppFactory.AdminEmail), ("Input.Password", AdminAppFactory.Password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AuthCookieIsHttpOnlyAndStrict()
    {
        using var client = fixture.Factory.CreateBrowser();
        var response = await client.PostFormAsync("/account/login", "/account/login", ("Input.Email", AdminAppFactory.AdminEmail), ("Input.Password", AdminAppFactory.Password));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("aggregator.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
