using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aggregator.Tests.Pages;

/// <summary>One app with the reader data and two small guides, shared by the reader-page tests.</summary>
public sealed class ReaderFixture : IAsyncLifetime
{
    public AppFactory Factory { get; } = new();
    public HttpClient Client { get; private set; } = null!;

    public string GuidesDirectory => Path.Combine(Factory.DataDirectory, "guides");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(GuidesDirectory);
        await File.WriteAllTextAsync(Path.Combine(GuidesDirectory, "open-vs-closed.md"), """
            ---
            title: Open and closed models
            summary: What open weights mean and why the gap to closed models moves.
            tags: [chatgpt, claude, business]
            ---
            # Open and closed models

            Open-weight models publish their **weights**.

            <script>alert('guide')</script>
            """);
        await File.WriteAllTextAsync(Path.Combine(GuidesDirectory, "reading-benchmarks.md"), """
            ---
            title: "How to read AI benchmarks"
            summary: Scores, contamination and what leaderboards leave out.
            tags: [gemini, claude]
            ---
            Benchmarks are samples of tasks.
            """);
        Factory.Settings["Reader:GuidesDirectory"] = GuidesDirectory;
        Client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await ReaderData.SeedAsync(Factory);
    }

    public async Task<IHtmlDocument> GetDocumentAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {expected}, got {response.StatusCode}\n{html[..Math.Min(html.Length, 2000)]}");
        return new HtmlParser().ParseDocument(html);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ReaderCollection : ICollectionFixture<ReaderFixture>
{
    public const string Name = "Reader pages";
}
