using AngleSharp.Html.Parser;
using Aggregator.Tests.Infrastructure;
using Aggregator.Tests.Text;
using Aggregator.Web.Clustering;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Pages;

/// <summary>The demo week imported and clustered through the site: what its readers are shown carries no feed template.</summary>
public class DemoWeekTopicPageTests
{
    [Fact]
    public async Task NoDekSummaryOrTimelineExcerptOfTheDemoWeekCarriesAFeedTemplate()
    {
        using var app = new AppFactory();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            string[] folders = [Path.Combine(Paths.Shared, "demo", "feeds")];
            await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync(folders, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
        }

        var lists = DemoWeekTemplateTests.GoogleNewsListStarts(DemoWeekTemplateTests.DemoItems());
        bool Templated(string? text) => text is not null
            && (DemoWeekTemplateTests.TemplateWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)) || lists.Any(l => text.Contains(l, StringComparison.Ordinal)));

        var failures = new List<string>();
        var pages = new List<string>();
        await app.WithDbAsync(async db =>
        {
            var topics = await db.Topics.AsNoTracking().Where(t => t.MergedIntoId == null)
                .Select(t => new { t.Id, t.Slug, t.Dek, t.Summary, t.SummarySentences, t.ArticleCount }).ToListAsync();
            Assert.True(topics.Count > 1_000, $"{topics.Count} topics");
            failures.AddRange(topics.Where(t => Templated(t.Dek) || Templated(t.Summary) || t.SummarySentences.Any(s => Templated(s.Text)))
                .Select(t => $"{t.Id}: {t.Dek} | {t.Summary}"));
            pages.AddRange(topics.OrderByDescending(t => t.ArticleCount).Take(12).Select(t => $"/topics/{t.Id}/{t.Slug}"));
        });

        using var client = app.CreateClient();
        foreach (var url in pages)
        {
            var doc = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri(url, UriKind.Relative)));
            Assert.Empty(doc.QuerySelectorAll(".timeline img, .timeline table, .timeline__item ol"));
            foreach (var shown in doc.QuerySelectorAll(".topic__dek, .dive, .timeline, .discussion").Select(e => e.TextContent))
            {
                if (Templated(shown))
                {
                    failures.Add($"{url}: {shown[..Math.Min(shown.Length, 300)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} templated:\n" + string.Join("\n", failures.Take(20)));
    }
}
