using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Text;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Text;

/// <summary>Every item of the demo week, read as the importer reads it, comes out of the cleaner without its feed's template.</summary>
public class DemoWeekTemplateTests
{
    internal static readonly string[] TemplateWords = ["submitted by", "[link]", "[comments]", "Article URL", "Comments URL", "View Full Coverage"];

    internal sealed record Item(string Source, string Title, string? Html, string Text);

    internal static IEnumerable<Item> DemoItems()
    {
        var limits = new FeedProcessingOptions { MaxItemsPerFetch = 10_000 };
        var parser = new FeedParser(Options.Create(limits));
        var normalizer = new ArticleNormalizer(Options.Create(limits));
        var fetched = new DateTimeOffset(2026, 1, 11, 0, 0, 0, TimeSpan.Zero);
        foreach (var folder in Directory.GetDirectories(Path.Combine(Paths.Shared, "demo", "feeds")))
        {
            foreach (var file in Directory.GetFiles(folder))
            {
                var feed = parser.Parse(File.ReadAllBytes(file), null, null);
                foreach (var parsed in feed.Items)
                {
                    var article = normalizer.Normalize(parsed, feed, null, fetched);
                    yield return new Item(Path.GetFileName(folder), article.Title, article.SummaryHtml, article.Text);
                }
            }
        }
    }

    /// <summary>"headline outlet" for every Google News item: the start of its list, which must never be shown.</summary>
    internal static HashSet<string> GoogleNewsListStarts(IEnumerable<Item> items) =>
    [
        .. items.Where(i => i.Source.StartsWith("google-news", StringComparison.Ordinal))
            .Select(i => FeedTemplates.SplitCredit(i.Title))
            .Where(c => c.Outlet is not null)
            .Select(c => c.Headline + " " + c.Outlet),
    ];

    [Fact]
    public void NoTemplateSurvivesInAnyItemOfTheDemoWeek()
    {
        var items = DemoItems().ToList();
        var lists = GoogleNewsListStarts(items);
        Assert.True(items.Count > 9_000 && lists.Count > 1_000, $"{items.Count} items, {lists.Count} Google News lists");

        var templated = 0;
        var survivors = new List<string>();
        foreach (var item in items)
        {
            var shown = new[]
            {
                FeedTemplates.Clean(item.Title, item.Text),
                FeedTemplates.Readable(item.Title, item.Html, item.Text),
                FeedTemplates.Excerpt(item.Title, item.Html, item.Text) ?? "",
            };
            templated += shown[0].Length < item.Text.Length ? 1 : 0;
            foreach (var text in shown)
            {
                var found = TemplateWords.FirstOrDefault(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))
                    ?? lists.FirstOrDefault(l => text.Contains(l, StringComparison.Ordinal));
                if (found is not null)
                {
                    survivors.Add($"{item.Source}: {item.Title}: '{found}' in: {text[..Math.Min(text.Length, 300)]}");
                    break;
                }
            }
        }

        Assert.True(survivors.Count == 0, $"{survivors.Count} items keep a template:\n" + string.Join("\n", survivors.Take(20)));
        Assert.True(templated > 2_000, $"only {templated} items had a template taken out");
    }
}
