using Aggregator.Tests.Admin;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aggregator.BrowserTests.Admin;

/// <summary>The app on Kestrel with an editor account and two overlapping stories, driven by Debian's Chromium.</summary>
public sealed class NewsroomBrowserApp : IAsyncLifetime
{
    private readonly AdminAppFactory _factory = new();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public Topic Story { get; private set; } = null!;
    public Topic Duplicate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        await _factory.CreateAccountAsync(AdminAppFactory.EditorEmail, "Editor");
        var at = _factory.Clock.GetUtcNow().AddHours(-4);
        Story = await _factory.QueryAsync(db => NewsroomData.TopicAsync(db, at, 4, "Startup claims breakthrough in battery chemistry", "Battery breakthrough claim from startup"));
        Duplicate = await _factory.QueryAsync(db => NewsroomData.TopicAsync(db, at, 3, "Battery startup says it has a breakthrough"));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        BrowserApp.AllowSlowSteps(context);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }
}

public sealed class EditorJourneyTests(NewsroomBrowserApp app) : IClassFixture<NewsroomBrowserApp>
{
    private static async Task ShotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task EditorLowersImportanceWithAReasonThenMergesAndTheOldAddressRedirects()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/topics/{app.Story.Id}");
        Assert.Equal("4", await page.Locator(".imp-chip").First.InnerTextAsync());

        await page.GotoAsync($"/admin/topics/{app.Story.Id}");
        await BrowserApp.ArrivedAsync(page, "**/account/login?**");
        await page.GetByLabel("Email").FillAsync(AdminAppFactory.EditorEmail);
        await page.GetByLabel("Password").FillAsync(AdminAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await BrowserApp.ArrivedAsync(page, $"**/admin/topics/{app.Story.Id}");

        await page.Locator("#importance").SelectOptionAsync("1");
        await page.Locator("#importance-reason").FillAsync("Unverified single-lab claim");
        // The form posts back to the address it is on: wait for the post's answer, then for the page it leads to.
        await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Set importance" }).ClickAsync(), r => r.Request.Method == "POST");
        await BrowserApp.ArrivedAsync(page, $"**/admin/topics/{app.Story.Id}");
        Assert.Contains("Importance set to 1", await page.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "admin-01-importance");

        await page.GotoAsync($"/topics/{app.Story.Id}");
        Assert.Equal("1", await page.Locator(".imp-chip").First.InnerTextAsync());
        Assert.Equal("Importance 1 of 5", await page.Locator(".imp-chip").First.GetAttributeAsync("title"));
        await ShotAsync(page, "admin-02-public-score");

        await page.GotoAsync($"/admin/topics/{app.Duplicate.Id}");
        await page.Locator("#other").FillAsync($"{app.BaseAddress}topics/{app.Story.Id}");
        await page.Locator("#merge-reason").FillAsync("Same announcement");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await BrowserApp.ArrivedAsync(page, $"**/admin/topics/{app.Story.Id}");

        await page.GotoAsync($"/topics/{app.Duplicate.Id}");
        await BrowserApp.ArrivedAsync(page, $"**/topics/{app.Story.Id}/**");
        Assert.Equal("1", await page.Locator(".imp-chip").First.InnerTextAsync());
        Assert.Contains("Battery startup says it has a breakthrough", await page.ContentAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "admin-03-redirected");
    }
}
