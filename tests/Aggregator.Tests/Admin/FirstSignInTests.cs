using Aggregator.Web.Admin;
using Aggregator.Web.Cli;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Admin;

/// <summary>A new operator's way in: the rules before the prompt, the password asked twice, a link to sign in.</summary>
public sealed class FirstSignInTests
{
    [Fact]
    public async Task AdminCreateStatesTheRulesFirstAndAsksForThePasswordTwice()
    {
        using var factory = new AdminAppFactory();
        var command = factory.Services.GetServices<ICliCommand>().OfType<AdminCommand>().Single();
        var asked = new List<string>();
        using var output = new StringWriter();

        var answers = new Queue<string>([AdminAppFactory.Password, AdminAppFactory.Password + " typo"]);
        command.PromptPassword = label =>
        {
            asked.Add($"{output}|{label}");
            return answers.Dequeue();
        };
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(factory.Services, ["admin", "create", "--email", "typo@newsroom.test"], output, error, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("differ", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, asked.Count);
        // The rules were on screen before the first prompt.
        Assert.Contains("at least 12 characters", asked[0], StringComparison.Ordinal);
        Assert.Contains("account's name", asked[0], StringComparison.Ordinal);
        Assert.Null(await FindAsync(factory, "typo@newsroom.test"));

        answers = new Queue<string>([AdminAppFactory.Password, AdminAppFactory.Password]);
        using var secondOutput = new StringWriter();
        code = await CommandLine.RunAsync(factory.Services, ["admin", "create", "--email", "same@newsroom.test"], secondOutput, error, CancellationToken.None);
        Assert.Equal(0, code);
        Assert.NotNull(await FindAsync(factory, "same@newsroom.test"));
    }

    [Fact]
    public async Task EveryPublicPageLinksDiscreetlyToSignIn()
    {
        using var factory = new AdminAppFactory();
        using var client = factory.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var link = document.QuerySelector("footer a[href='/account/login']");
        Assert.NotNull(link);
        Assert.Equal("nofollow", link.GetAttribute("rel"));
    }

    private static async Task<IdentityUser?> FindAsync(AdminAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email);
    }
}
