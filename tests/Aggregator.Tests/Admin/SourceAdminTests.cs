using System.Net;
using System.Text;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Admin;

public class SourceAdminTests(NewsroomFixture fixture) : IClassFixture<NewsroomFixture>
{
    private AdminAppFactory Factory => fixture.Factory;

    private static (string, string)[] Form(string name, string slug, string feedUrl, string kind = "Reporting", string tier = "2", string? category = "Labs") =>
    [
        ("Input.Name", name), ("Input.Slug", slug), ("Input.FeedUrl", feedUrl), ("Input.SiteUrl", ""), ("Input.Kind", kind), ("Input.Tier", tier),
        ("Input.Owner", "Example Media"), ("Input.Category", category ?? ""),
    ];

    private Task<Source?> SourceAsync(string slug) => Factory.QueryAsync(db => db.Sources.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == slug));

    [Fact]
    public async Task AddingASourceValidatesAndIsAudited()
    {
        using var client = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        var bad = await client.PostFormAsync("/admin/sources/new", "/admin/sources/new", Form("", "Not A Slug", "ftp://example/feed", tier: "7"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.BodyAsync();
        Assert.Contains("Give the source a name.", body, StringComparison.Ordinal);
        Assert.Contains("lowercase letters, digits and single hyphens", body, StringComparison.Ordinal);
        Assert.Contains("full http:// or https:// URL", body, StringComparison.Ordinal);
        Assert.Contains("The tier is 1", body, StringComparison.Ordinal);

        var added = await client.PostFormAsync("/admin/sources/new", "/admin/sources/new", Form("Daily Lab News", "daily-lab-news", "https://93.184.215.14/lab.xml", kind: "Analysis", tier: "1"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var source = await SourceAsync("daily-lab-news");
        Assert.NotNull(source);
        Assert.Equal(SourceKind.Analysis, source.Kind);
        Assert.Equal(1, source.Tier);
        Assert.True(source.Enabled);
        var entry = await Factory.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "source.add" && a.EntityId == source.Id.ToString()));
        Assert.Equal(AdminAppFactory.AdminEmail, entry.User);
        Assert.Contains("daily-lab-news", entry.After, StringComparison.Ordinal);

        var duplicate = await client.PostFormAsync("/admin/sources/new", "/admin/sources/new", Form("Copy", "daily-lab-news", "https://93.184.215.14/lab.xml"));
        var dupBody = await duplicate.BodyAsync();
        Assert.Contains("already uses the short name", dupBody, StringComparison.Ordinal);
        Assert.Contains("already has this feed address", dupBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/feed.xml")]
    [InlineData("http://localhost/feed.xml")]
    [InlineData("http://10.1.2.3/feed.xml")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/feed.xml")]
    public async Task FeedsOnPrivateOrLoopbackAddressesAreRefused(string url)
    {
        using var client = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        var slug = "private-" + Math.Abs(url.GetHashCode(StringComparison.Ordinal));
        var refused = await client.PostFormAsync("/admin/sources/new", "/admin/sources/new", Form("Intranet", slug, url));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("private, loopback or unknown address", await refused.BodyAsync(), StringComparison.Ordinal);
        Assert.Null(await SourceAsync(slug));
    }

    [Fact]
    public async Task EditDisableAndUndoASource()
    {
        using var client = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        await client.PostFormAsync("/admin/sources/new", "/admin/sources/new", Form("Wire Service", "wire-service", "https://93.184.215.14/wire.xml"));
        var source = (await SourceAsync("wire-service"))!;

        var edited = await client.PostFormAsync($"/admin/sources/{source.Id}/edit", $"/admin/sources/{source.Id}/edit",
            [.. Form("Wire Service Intl", "wire-service", "https://93.184.215.14/wire.xml", tier: "1"), ("Reason", "Renamed")]);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("Wire Service Intl", (await SourceAsync("wire-service"))!.Name);

        var disabled = await client.PostFormAsync("/admin/sources", "/admin/sources?handler=Enabled",
            ("id", source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("enabled", "false"), ("reason", "Paywalled now"));
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False((await SourceAsync("wire-service"))!.Enabled);

        var entry = await Factory.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "source.disable" && a.EntityId == source.Id.ToString()));
        Assert.Equal("Paywalled now", entry.Reason);
        var undo = await client.PostFormAsync("/admin/audit", "/admin/audit?handler=Undo", ("entryId", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.True((await SourceAsync("wire-service"))!.Enabled);

        var add = await Factory.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "source.add" && a.EntityId == source.Id.ToString()));
        var refused = await client.PostFormAsync("/admin/audit", "/admin/audit?handler=Undo", ("entryId", add.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("disable the source instead", await refused.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpmlImportAddsNewFeedsSkipsKnownOnesAndExportRoundTrips()
    {
        using var client = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        await client.PostFormAsync("/admin/sources/new", "/admin/sources/new", Form("Already Here", "already-here", "https://93.184.215.14/here.xml"));
        const string opml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0">
              <head><title>My feeds</title></head>
              <body>
                <outline text="Research" title="Research">
                  <outline type="rss" text="Paper Digest (all)" xmlUrl="https://93.184.215.14/papers.xml" htmlUrl="https://93.184.215.14/"/>
                  <outline type="rss" text="Already Here" xmlUrl="https://93.184.215.14/here.xml"/>
                  <outline type="rss" text="Home Router" xmlUrl="http://192.168.1.1/feed"/>
                </outline>
              </body>
            </opml>
            """;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await client.GetTokenAsync("/admin/sources/opml")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(opml)), "file", "feeds.opml" },
        };
        var imported = await client.PostAsync(new Uri("/admin/sources/opml", UriKind.Relative), form);
        var body = await imported.BodyAsync();
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains("Added 1 source(s); skipped 2", body, StringComparison.Ordinal);
        Assert.Contains("Home Router: 192.168.1.1 resolves to a private", body, StringComparison.Ordinal);
        var paper = await Factory.QueryAsync(db => db.Sources.AsNoTracking().SingleAsync(s => s.FeedUrl == "https://93.184.215.14/papers.xml"));
        Assert.Equal("Research", paper.Category);
        Assert.Equal("paper-digest-all", paper.Slug);

        var export = await client.GetAsync(new Uri("/admin/sources/opml?handler=Export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("aggregator-sources.opml", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var exported = await export.Content.ReadAsStringAsync();
        // Readers show the publisher's name; the full name that tells our feeds apart still comes back on import.
        Assert.Contains("text=\"Paper Digest\"", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("text=\"Paper Digest (all)\"", exported, StringComparison.Ordinal);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(exported));
        var feeds = Aggregator.Web.Admin.Opml.Read(stream);
        Assert.Contains(feeds, f => f.FeedUrl == "https://93.184.215.14/papers.xml" && f.Title == "Paper Digest (all)" && f.Category == "Research" && f.Kind == SourceKind.Reporting);
        Assert.Contains(feeds, f => f.FeedUrl == "https://93.184.215.14/here.xml" && f.Owner == "Example Media");
    }

    [Fact]
    public async Task OpmlImportRejectsFilesThatAreNotOpml()
    {
        using var client = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await client.GetTokenAsync("/admin/sources/opml")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><opml><body>&e;</body></opml>")), "file", "evil.opml" },
        };
        var response = await client.PostAsync(new Uri("/admin/sources/opml", UriKind.Relative), form);
        Assert.Contains("not valid OPML/XML", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedHealthListsTroubleFirstAndFetchNowGoesThroughTheQueue()
    {
        var (healthy, failing) = await Factory.QueryAsync(async db =>
        {
            var now = Factory.Clock.GetUtcNow();
            var a = await NewsroomData.SourceAsync(db, "Calm Feed");
            a.LastCheckedAt = now; a.LastSuccessAt = now; a.LastHttpStatus = 200;
            var b = await NewsroomData.SourceAsync(db, "Broken Feed");
            b.ConsecutiveFailures = 4; b.LastHttpStatus = 503; b.LastError = "Service Unavailable"; b.LastCheckedAt = now;
            await db.SaveChangesAsync();
            return (a, b);
        });
        using var client = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        var page = await (await client.GetAsync(new Uri("/admin/sources/health", UriKind.Relative))).BodyAsync();
        Assert.True(page.IndexOf("Broken Feed", StringComparison.Ordinal) < page.IndexOf("Calm Feed", StringComparison.Ordinal));
        Assert.Contains("Service Unavailable", page, StringComparison.Ordinal);

        var fetch = await client.PostFormAsync("/admin/sources/health", "/admin/sources/health?handler=Fetch", ("id", failing.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, fetch.StatusCode);
        Assert.Contains(failing.Id, Factory.Queue.Queued);
        Assert.DoesNotContain(healthy.Id, Factory.Queue.Queued);
    }
}

public class PrivateFeedsAllowedTests
{
    [Fact]
    public async Task IntranetFeedsAreAcceptedWhenConfigured()
    {
        using var factory = new AdminAppFactory();
        factory.Settings["Ingestion:AllowPrivateAddresses"] = "true";
        await factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        using var client = await factory.SignInAsync(AdminAppFactory.AdminEmail);
        var added = await client.PostFormAsync("/admin/sources/new", "/admin/sources/new",
            ("Input.Name", "Intranet"), ("Input.Slug", "intranet"), ("Input.FeedUrl", "http://127.0.0.1:9/feed.xml"), ("Input.Kind", "FirstParty"), ("Input.Tier", "2"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
    }
}
