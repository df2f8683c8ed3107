using System.Net;
using Aggregator.Web.Admin;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Admin;

public class InputLimitsTests(NewsroomFixture fixture) : IClassFixture<NewsroomFixture>
{
    private AdminAppFactory Factory => fixture.Factory;

    private async Task<Source> NewSourceAsync(string name) => await Factory.QueryAsync(db => NewsroomData.SourceAsync(db, name, tier: 1));

    private static (string, string)[] Form(Source source, string kind, string tier) =>
    [
        ("Input.Name", source.Name), ("Input.Slug", source.Slug), ("Input.FeedUrl", source.FeedUrl), ("Input.SiteUrl", ""),
        ("Input.Kind", kind), ("Input.Tier", tier), ("Input.Owner", ""), ("Input.Category", ""), ("Reason", "check"),
    ];

    [Theory]
    [InlineData("Analysis", "99999999999999", SourceEditor.TierMessage)]
    [InlineData("999", "3", SourceEditor.KindMessage)]
    [InlineData("Analysis", "two", SourceEditor.TierMessage)]
    public async Task EditSourceRefusesValuesItCannotReadInsteadOfSavingDefaults(string kind, string tier, string message)
    {
        var source = await NewSourceAsync("Tier one wire " + kind + tier);
        using var client = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        var page = $"/admin/sources/{source.Id}/edit";
        var response = await client.PostFormAsync(page, page, Form(source, kind, tier));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.BodyAsync(), StringComparison.Ordinal);
        var stored = await Factory.QueryAsync(db => db.Sources.AsNoTracking().SingleAsync(s => s.Id == source.Id));
        Assert.Equal(1, stored.Tier);
        Assert.Equal(SourceKind.Reporting, stored.Kind);
        Assert.False(await Factory.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "source.edit" && a.EntityId == source.Id.ToString())));
    }

    [Fact]
    public async Task NewSourceRefusesAnUnreadableTierAndAnOverlongAddress()
    {
        using var client = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        var response = await client.PostFormAsync("/admin/sources/new", "/admin/sources/new",
            ("Input.Name", "Overlong"), ("Input.Slug", "overlong"), ("Input.FeedUrl", "https://93.184.215.14/" + new string('a', 5000)),
            ("Input.Kind", "Reporting"), ("Input.Tier", "99999999999999"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(SourceEditor.TierMessage, await response.BodyAsync(), StringComparison.Ordinal);

        var longUrl = await client.PostFormAsync("/admin/sources/new", "/admin/sources/new",
            ("Input.Name", "Overlong"), ("Input.Slug", "overlong"), ("Input.FeedUrl", "https://93.184.215.14/" + new string('a', 5000)),
            ("Input.Kind", "Reporting"), ("Input.Tier", "2"));
        Assert.Equal(HttpStatusCode.BadRequest, longUrl.StatusCode);
        Assert.Contains($"up to {UrlCleaner.MaxLength} characters", await longUrl.BodyAsync(), StringComparison.Ordinal);
        Assert.False(await Factory.QueryAsync(db => db.Sources.AnyAsync(s => s.Slug == "overlong")));
    }

    [Fact]
    public async Task AnOverlongAuditReasonIsRefusedWithAMessage()
    {
        var topic = await Factory.QueryAsync(db => NewsroomData.TopicAsync(db, Factory.Clock.GetUtcNow().AddDays(-1), 3, "Reasoned story"));
        using var client = await Factory.SignInAsync(AdminAppFactory.EditorEmail);
        var response = await TopicControlTests.PostAsync(client, topic.Id, "Pin", ("pinned", "true"), ("Reason", new string('r', 100_000)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"A reason takes up to {TopicEditor.MaxReason} characters", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.False((await Factory.QueryAsync(db => db.Topics.AsNoTracking().SingleAsync(t => t.Id == topic.Id))).IsPinned);
        Assert.False(await Factory.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == topic.Id)));

        var source = await NewSourceAsync("Reasoned source");
        using var admin = await Factory.SignInAsync(AdminAppFactory.AdminEmail);
        var page = $"/admin/sources/{source.Id}/edit";
        var fields = Form(source, "Analysis", "2").Where(f => f.Item1 != "Reason").Append(("Reason", new string('r', 100_000))).ToArray();
        var edit = await admin.PostFormAsync(page, page, fields);
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        Assert.Contains($"A reason takes up to {TopicEditor.MaxReason} characters", await edit.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnOverlongArticleLinkFallsBackToTheSiteAndTheArticleIsKept()
    {
        var normalizer = new ArticleNormalizer(Options.Create(new FeedProcessingOptions()));
        var feed = new ParsedFeed { Format = FeedFormat.Rss20, SiteUrl = "https://news.example.com/", Items = [] };
        var item = new ParsedItem { Id = "item-1", Title = "A story", Link = "https://news.example.com/" + new string('x', 200_000) };
        var article = normalizer.Normalize(item, feed, new Uri("https://news.example.com/feed.xml"), DateTimeOffset.UnixEpoch);
        Assert.Equal("https://news.example.com/", article.Url);
        Assert.False(article.HasOwnUrl);
        Assert.Equal("A story", article.Title);
    }

    [Fact]
    public async Task NoticeCookieIsSecureWhereverTheOtherCookiesAre()
    {
        using var production = Factory.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        var options = production.Services.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value;
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, Assert.IsType<Aggregator.Web.Admin.SignInCookieBuilder>(options.Cookie).Policy);

        // Over HTTPS in the test host: the notice an edit leaves is HttpOnly, SameSite=Strict and Secure.
        var topic = await Factory.QueryAsync(db => NewsroomData.TopicAsync(db, Factory.Clock.GetUtcNow().AddDays(-1), 3, "Noticed story"));
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/account/login", "/account/login",
            ("Input.Email", AdminAppFactory.EditorEmail), ("Input.Password", AdminAppFactory.Password))).StatusCode);
        var done = await TopicControlTests.PostAsync(client, topic.Id, "Pin", ("pinned", "true"), ("Reason", "lead story"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var cookie = done.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("aggregator.notice=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
