using System.Text.RegularExpressions;
using Aggregator.Tests.Infrastructure;
using Aggregator.Tests.Pages;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aggregator.BrowserTests;

/// <summary>The app on real Kestrel (loopback, free port) with the reader data set, and Debian's Chromium driving it.</summary>
public sealed class BrowserApp : IAsyncLifetime
{
    private readonly AppFactory _factory = new();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Screenshots land beside the test binaries, where CI collects artefacts.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        await ReaderData.SeedAsync(_factory);
        await CoverageData.SeedAsync(_factory);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync(ColorScheme scheme = ColorScheme.Light, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            JavaScriptEnabled = true,
        });

        AllowSlowSteps(context);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Waits until the page's address matches the glob (<c>**</c> any text, <c>*</c> any text within a path segment) by
    /// polling the address, never a lifecycle event. Under a parallel run Chromium sometimes never reports "load" for a
    /// navigation after a click, a form post or a history step although the page is there and the network idle; and
    /// Playwright's WaitForURL, asked to wait for the commit only, still waits for "load" when the address already
    /// matches by the time it is called. Reads after it wait for the elements they need.
    /// </summary>
    public static Task ArrivedAsync(IPage page, string glob)
    {
        var pattern = "^" + Regex.Escape(glob).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$";
        return Assertions.Expect(page).ToHaveURLAsync(new Regex(pattern), new() { Timeout = 60_000 });
    }

    /// <summary>Gives a context's steps room on a shared 2-core machine, where the other test assembly runs beside these.</summary>
    public static void AllowSlowSteps(IBrowserContext context)
    {
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });

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

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "Browser";
}
