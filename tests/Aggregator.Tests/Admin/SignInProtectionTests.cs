using System.Net;
using Aggregator.Web.Cli;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Admin;

public sealed class SignInFixture : IDisposable
{
    public SignInFixture() => Factory.Settings["Admin:MaxFailedSignIns"] = "3";

    public AdminAppFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}

public class SignInProtectionTests(SignInFixture fixture) : IClassFixture<SignInFixture>
{
    [Fact]
    public async Task AccountLocksAfterRepeatedFailures()
    {
        var factory = fixture.Factory;
        await factory.CreateAccountAsync(AdminAppFactory.EditorEmail, "Editor");
        using var client = factory.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            var failed = await client.PostFormAsync("/account/login", "/account/login", ("Input.Email", AdminAppFactory.EditorEmail), ("Input.Password", "wrong password number " + i));
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var locked = await client.PostFormAsync("/account/login", "/account/login", ("Input.Email", AdminAppFactory.EditorEmail), ("Input.Password", AdminAppFactory.Password));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("locked", await locked.BodyAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(locked.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("aggregator.auth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusalsReadTheSameAndHashAPasswordWhetherOrNotTheAccountExists()
    {
        using var factory = new CountingHasherFactory();
        factory.Settings["Admin:MaxFailedSignIns"] = "2";
        factory.Settings["Admin:SignInPermitLimit"] = "50";
        await factory.CreateAccountAsync(AdminAppFactory.EditorEmail, "Editor");
        using var client = factory.CreateBrowser();

        async Task<(HttpStatusCode Status, string Body, int Hashes)> AttemptAsync(string email, string password)
        {
            var token = await client.GetTokenAsync("/account/login");
            var before = factory.Hasher.Calls;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
            });
            using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
            return (response.StatusCode, await response.BodyAsync(), factory.Hasher.Calls - before);
        }

        var unknown = await AttemptAsync("nobody-here@newsroom.test", "a made up password");
        var wrong = await AttemptAsync(AdminAppFactory.EditorEmail, "a wrong password 1");
        await AttemptAsync(AdminAppFactory.EditorEmail, "a wrong password 2");
        var locked = await AttemptAsync(AdminAppFactory.EditorEmail, AdminAppFactory.Password);
        var unknownAgain = await AttemptAsync("nobody-here@newsroom.test", "a made up password");

        foreach (var attempt in new[] { unknown, wrong, locked, unknownAgain })
        {
            Assert.Equal(HttpStatusCode.OK, attempt.Status);
            Assert.Contains(Aggregator.Web.Pages.Account.LoginModel.Refused, attempt.Body, StringComparison.Ordinal);
            Assert.Equal(1, attempt.Hashes);
        }
    }

    private sealed class CountingHasherFactory : AdminAppFactory
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IPasswordHasher<IdentityUser>>(Hasher));
        }
    }

    private sealed class CountingHasher : PasswordHasher<IdentityUser>
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override string HashPassword(IdentityUser user, string password)
        {
            Interlocked.Increment(ref _calls);
            return base.HashPassword(user, password);
        }

        public override PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _calls);
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task SignInAttemptsAreRateLimitedPerAddress()
    {
        using var factory = new AdminAppFactory();
        factory.Settings["Admin:SignInPermitLimit"] = "3";
        using var client = factory.CreateBrowser();
        var token = await client.GetTokenAsync("/account/login");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.Email"] = "guess@newsroom.test", ["Input.Password"] = "guess number " + i,
            });
            statuses.Add((await client.PostAsync(new Uri("/account/login", UriKind.Relative), form)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        // Viewing the form is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account/login", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AdminCreateVerbMakesAnAccountThatCanSignIn()
    {
        var factory = fixture.Factory;
        var (code, output, error) = await RunAsync(factory, "admin", "create", "--email", "night@newsroom.test", "--password", AdminAppFactory.Password, "--role", "editor");
        Assert.Equal(0, code);
        Assert.Contains("Created Editor account night@newsroom.test", output, StringComparison.Ordinal);
        Assert.Empty(error);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = await users.FindByEmailAsync("night@newsroom.test");
            Assert.NotNull(user);
            Assert.True(await users.IsInRoleAsync(user, "Editor"));
        }

        using var client = await factory.SignInAsync("night@newsroom.test");
        var duplicate = await RunAsync(factory, "admin", "create", "--email", "night@newsroom.test", "--password", AdminAppFactory.Password);
        Assert.Equal(1, duplicate.Code);
        Assert.Contains("already exists", duplicate.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("weak1@newsroom.test", "short1", "at least 12 characters")]
    [InlineData("weak2@newsroom.test", "password1234567", "common word")]
    [InlineData("night-shift@newsroom.test", "night-shift-night", "account's name")]
    [InlineData("weak3@newsroom.test", "aaaaaaaaaaaaaaaa", "different characters")]
    public async Task AdminCreateVerbRefusesWeakPasswords(string email, string password, string expected)
    {
        var factory = fixture.Factory;
        var (code, _, error) = await RunAsync(factory, "admin", "create", "--email", email, "--password", password);
        Assert.Equal(1, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task AdminCreateVerbExplainsMissingArguments()
    {
        var factory = fixture.Factory;
        var (code, _, error) = await RunAsync(factory, "admin", "create", "--password", AdminAppFactory.Password);
        Assert.Equal(2, code);
        Assert.Contains("--email is required", error, StringComparison.Ordinal);
        var badRole = await RunAsync(factory, "admin", "create", "--email", "x@newsroom.test", "--password", AdminAppFactory.Password, "--role", "Owner");
        Assert.Equal(1, badRole.Code);
        Assert.Contains("Unknown role 'Owner'", badRole.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStartCreatesTheConfiguredAdminOnlyWhenNoAccountExists()
    {
        using var factory = new AdminAppFactory();
        factory.Settings["Admin:BootstrapEmail"] = "first@newsroom.test";
        factory.Settings["Admin:BootstrapPassword"] = AdminAppFactory.Password;
        using var client = await factory.SignInAsync("first@newsroom.test");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/admin/sources", UriKind.Relative))).StatusCode);

        // A second start with another bootstrap address adds nobody: accounts exist now.
        using var second = new AdminAppFactory();
        second.UseDatabaseOf(factory);
        second.Settings["Admin:BootstrapEmail"] = "second@newsroom.test";
        second.Settings["Admin:BootstrapPassword"] = AdminAppFactory.Password;
        await using var scope = second.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.NotNull(await users.FindByEmailAsync("first@newsroom.test"));
        Assert.Null(await users.FindByEmailAsync("second@newsroom.test"));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(AdminAppFactory factory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(factory.Services, args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
