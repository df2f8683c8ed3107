using System.Net;
using System.Text;
using Aggregator.Web.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Admin;

public sealed class OpmlBackgroundTests
{
    [Fact]
    public async Task ALongImportRunsInTheBackgroundWithProgressUntilDone()
    {
        using var factory = new AdminAppFactory();
        await factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        // Every upload hands over to the progress page, as a list of thousands does.
        factory.Services.GetRequiredService<OpmlImportJobs>().InlineWait = TimeSpan.Zero;
        using var client = await factory.SignInAsync(AdminAppFactory.AdminEmail);
        var outlines = string.Concat(Enumerable.Range(1, 40).Select(i => $"""<outline type="rss" text="Feed {i}" xmlUrl="https://93.184.215.14/feed-{i}.xml"/>"""));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await client.GetTokenAsync("/admin/sources/opml")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"""<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>""")), "file", "many.opml" },
        };
        using var upload = await client.PostAsync(new Uri("/admin/sources/opml", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var progress = upload.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/sources/opml?job=", progress, StringComparison.Ordinal);

        var body = "";
        for (var attempt = 0; attempt < 300 && !body.Contains("Added ", StringComparison.Ordinal); attempt++)
        {
            using var page = await client.GetAsync(new Uri(progress, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            body = await page.BodyAsync();
            if (!body.Contains("Added ", StringComparison.Ordinal))
            {
                Assert.Contains("Importing:", body, StringComparison.Ordinal);
                Assert.True(page.Headers.Contains("Refresh"));
                await Task.Delay(100);
            }
        }

        Assert.Contains("Added 40 source(s); skipped 0", body, StringComparison.Ordinal);
        Assert.Equal(40, await factory.QueryAsync(db => db.Sources.CountAsync(s => s.FeedUrl.StartsWith("https://93.184.215.14/feed-"))));

        using var forgotten = await client.GetAsync(new Uri("/admin/sources/opml?job=unknown", UriKind.Relative));
        Assert.Contains("no longer tracked", await forgotten.BodyAsync(), StringComparison.Ordinal);
    }
}
