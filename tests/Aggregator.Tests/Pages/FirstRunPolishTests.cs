using System.Net;
using AngleSharp.Html.Parser;
using Aggregator.Tests.Admin;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Cli;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Pages;

/// <summary>What a new operator and a reader notice on a first run: readable wording, no empty or internal labels.</summary>
public sealed class FirstRunPolishTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 10, 10, 0, 0, TimeSpan.Zero);

    private static async Task SeedBareTopicAsync(AppFactory factory)
    {
        await factory.WithDbAsync(async db =>
        {
            var source = new Source
            {
                Name = "The Verge (all)", Slug = "verge-all", FeedUrl = "https://example.org/verge.xml", PublishIntervalMinutes = 58,
                CreatedAt = At, Kind = SourceKind.Reporting, Tier = 1,
            };
            db.Sources.Add(source);
            db.Topics.Add(new Topic
            {
                Id = "0123456789", Slug = "bare-story", Headline = "A story with no summary yet", Importance = 2, ComputedImportance = 2,
                ArticleCount = 1, SourceCount = 1, EarliestAt = At, LatestAt = At, CreatedAt = At, UpdatedAt = At,
            });
            await db.SaveChangesAsync();
            db.Articles.Add(new Article
            {
                SourceId = source.Id, TopicId = "0123456789", Guid = "g1", Url = "https://example.org/a1", Title = "A report",
                PublishedAt = At, FetchedAt = At, UpdatedAt = At, Text = "Text.", ContentHash = "h1", ClusteredAt = At,
            });
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task SourceNamesDropInternalFeedQualifiersAndPaceReadsAsWords()
    {
        using var factory = new AppFactory();
        await SeedBareTopicAsync(factory);
        using var client = factory.CreateClient();
        var source = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri("/sources/verge-all", UriKind.Relative)));
        Assert.Equal("The Verge", source.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("58 minutes", source.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("d.hh:mm", source.Body.TextContent, StringComparison.Ordinal);

        var topic = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri("/topics/0123456789/bare-story", UriKind.Relative)));
        Assert.DoesNotContain("(all)", topic.Body!.TextContent, StringComparison.Ordinal);
        // Nothing to say, so no section saying nothing.
        Assert.Null(topic.QuerySelector("#dive-heading"));
        Assert.Null(topic.QuerySelector("#related-guides-heading"));
    }

    [Fact]
    public void AFailedFetchWithNoHttpAnswerSaysSoInsteadOfNull()
    {
        var logger = new LastMessage();
        IngestionLog.Failed(logger, 2, "https://example.org/feed.xml", null, 1, At, "Name or service not known");
        Assert.DoesNotContain("null", logger.Text, StringComparison.Ordinal);
        Assert.Contains("no response", logger.Text, StringComparison.Ordinal);
        IngestionLog.Failed(logger, 2, "https://example.org/feed.xml", 503, 1, At, "Service unavailable");
        Assert.Contains(" 503 failed", logger.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/feeds/topics.rss")]
    [InlineData("/feeds/topics.atom")]
    [InlineData("/feeds/sources.opml")]
    public async Task FeedsAnswerHead(string path)
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.NotNull(head.Headers.ETag);
    }

    [Fact]
    public async Task FetchNowWithWorkersOffSaysSoInsteadOfQueueing()
    {
        // The real queue, as an instance with Ingestion:WorkersEnabled=false has it.
        using var factory = new RealQueueAdminFactory();
        await factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        await SeedBareTopicAsync(factory);
        using var client = await factory.SignInAsync(AdminAppFactory.AdminEmail);
        var id = await factory.QueryAsync(db => db.Sources.Where(s => s.Slug == "verge-all").Select(s => s.Id).SingleAsync());
        var response = await client.PostFormAsync("/admin/sources/health", "/admin/sources/health?handler=Fetch",
            ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Contains("Ingestion:WorkersEnabled", body, StringComparison.Ordinal);
        Assert.DoesNotContain("is queued", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPagesDoNotRepeatTheirSectionInTheTitle()
    {
        using var factory = new AdminAppFactory();
        await factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        using var client = await factory.SignInAsync(AdminAppFactory.AdminEmail);
        var html = await client.GetStringAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal("Newsroom · Aggregator", new HtmlParser().ParseDocument(html).Title);
    }

    [Fact]
    public async Task AnImportedFileBecomesASourceThatIsNotPolled()
    {
        using var factory = new AppFactory();
        var file = Path.Combine(factory.DataDirectory, "saved-feed.xml");
        await File.WriteAllTextAsync(file, """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>A saved feed</title><link>https://saved.example.org/</link>
            <item><title>Saved item</title><link>https://saved.example.org/1</link><guid>https://saved.example.org/1</guid></item>
            </channel></rss>
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(factory.Services, ["import", file], output, error, CancellationToken.None));
        await factory.WithDbAsync(async db =>
        {
            var source = await db.Sources.SingleAsync(s => s.Name == "A saved feed");
            Assert.StartsWith("file:", source.FeedUrl, StringComparison.Ordinal);
            Assert.False(source.Enabled);
            Assert.Equal(1, await db.Articles.CountAsync(a => a.SourceId == source.Id));
        });
    }

    private sealed class RealQueueAdminFactory : AdminAppFactory
    {
        // The app's own queue, not the recording one AdminAppFactory puts in its place.
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseEnvironment("Testing").ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings));
    }

    private sealed class LastMessage : ILogger
    {
        public string Text { get; private set; } = "";

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Text = formatter(state, exception);
    }
}
