using System.Net;
using System.Text.RegularExpressions;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Aggregator.Web.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aggregator.Tests.Admin;

/// <summary>The app with a recording ingestion queue in place of the real one, so "fetch now" can be observed.</summary>
public class AdminAppFactory : AppFactory
{
    public const string AdminEmail = "chief@newsroom.test";
    public const string EditorEmail = "desk@newsroom.test";
    public const string Password = "correct horse battery staple";

    public RecordingRefreshQueue Queue { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IFeedRefreshQueue>();
            services.AddSingleton<IFeedRefreshQueue>(Queue);
        });
    }

    public async Task CreateAccountAsync(string email, string role, string password = Password)
    {
        await using var scope = Services.CreateAsyncScope();
        var error = await AdminAccounts.CreateAsync(
            scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(),
            email, password, role);
        Assert.Null(error);
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in the way a person does: fetch the form, keep its antiforgery token and cookie, post it.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = Password)
    {
        var client = CreateBrowser();
        var response = await client.PostFormAsync("/account/login", "/account/login", ("Input.Email", email), ("Input.Password", password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location?.OriginalString);
        return client;
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = CreateScope(out var db);
        return await query(db);
    }
}

public sealed class RecordingRefreshQueue : IFeedRefreshQueue
{
    private readonly List<int> _queued = [];

    public IReadOnlyList<int> Queued
    {
        get
        {
            lock (_queued)
            {
                return [.. _queued];
            }
        }
    }

    public ValueTask<bool> EnqueueAsync(int sourceId, CancellationToken cancellationToken)
    {
        lock (_queued)
        {
            var fresh = !_queued.Contains(sourceId);
            _queued.Add(sourceId);
            return ValueTask.FromResult(fresh);
        }
    }
}

public static partial class AdminHttp
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<string> GetTokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(new Uri(pageUrl, UriKind.Relative));
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {pageUrl}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Loads <paramref name="pageUrl"/> for its token, then posts the form to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await client.GetTokenAsync(pageUrl);
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string action, params (string Key, string Value)[] fields) =>
        await client.PostFormAsync(pageUrl, action, fields.ToDictionary(f => f.Key, f => f.Value));

    public static async Task<string> BodyAsync(this HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}

/// <summary>Topics and articles written straight to the database, as the clustering would leave them.</summary>
public static class NewsroomData
{
    private static int s_next;

    public static async Task<Source> SourceAsync(AppDbContext db, string name, int tier = 2)
    {
        var n = Interlocked.Increment(ref s_next);
        var source = new Source { Name = name, Slug = $"{Slug.From(name, "source")}-{n}", FeedUrl = $"https://93.184.215.14/feeds/{n}.xml", Tier = tier };
        db.Sources.Add(source);
        await db.SaveChangesAsync();
        return source;
    }

    /// <summary>A topic with one article per headline, each from its own source, an hour apart.</summary>
    public static async Task<Topic> TopicAsync(AppDbContext db, DateTimeOffset at, int importance, params string[] titles)
    {
        var n = Interlocked.Increment(ref s_next);
        var id = (0xa000000000L + n * 7919L).ToString("x10", System.Globalization.CultureInfo.InvariantCulture);
        var topic = new Topic
        {
            Id = id, Slug = Slug.From(titles[0], "topic"), Headline = titles[0], Importance = importance, ComputedImportance = importance,
            ArticleCount = titles.Length, SourceCount = titles.Length, EarliestAt = at, LatestAt = at.AddHours(titles.Length - 1),
            CreatedAt = at, UpdatedAt = at, Category = "Models",
        };
        db.Topics.Add(topic);
        for (var i = 0; i < titles.Length; i++)
        {
            var source = await SourceAsync(db, $"Outlet {n}-{i}");
            db.Articles.Add(new Article
            {
                SourceId = source.Id, Guid = $"{id}-{i}", Url = $"https://93.184.215.14/{id}/{i}", Title = titles[i],
                PublishedAt = at.AddHours(i), FetchedAt = at.AddHours(i), UpdatedAt = at.AddHours(i), ContentHash = $"{id}-{i}",
                TopicId = id, ClusteredAt = at.AddHours(i), Importance = importance,
            });
        }

        await db.SaveChangesAsync();
        topic.LeadArticleId = await db.Articles.Where(a => a.TopicId == id).OrderBy(a => a.PublishedAt).Select(a => a.Id).FirstAsync();
        await db.SaveChangesAsync();
        return topic;
    }
}
