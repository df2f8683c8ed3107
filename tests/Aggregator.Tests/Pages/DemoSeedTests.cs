using System.ServiceModel.Syndication;
using System.Xml;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Pages;

public sealed class DemoSeedTests
{
    [Fact]
    public void DemoSnapshotsAreFeedsOfKnownSourcesWithSeveralSharedStories()
    {
        var knownSlugs = File.ReadLines(Path.Combine(Paths.Shared, "demo", "sources.tsv")).Skip(1)
            .Select(line => line.Split('\t')[^1].Trim()).Where(s => s.Length > 0).ToHashSet();
        var demo = Path.Combine(Paths.Seeds, "demo");
        var folders = Directory.GetDirectories(demo);
        Assert.InRange(folders.Length, 8, 14);

        var items = new List<(string Source, SyndicationItem Item)>();
        foreach (var folder in folders)
        {
            var slug = Path.GetFileName(folder);
            Assert.Contains(slug, knownSlugs);
            foreach (var file in Directory.GetFiles(folder, "*.xml"))
            {
                Assert.Matches(@"^2026-01-\d\d$", Path.GetFileNameWithoutExtension(file));
                using var reader = XmlReader.Create(file);
                var feed = SyndicationFeed.Load(reader);
                Assert.NotEmpty(feed.Items);
                foreach (var item in feed.Items)
                {
                    Assert.Equal(Path.GetFileNameWithoutExtension(file), item.PublishDate.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    items.Add((slug, item));
                }
            }
        }

        Assert.InRange(items.Count, 70, 100);
        Assert.Equal(items.Count, items.Select(i => i.Item.Links[0].Uri).Distinct().Count());
        // Big stories are covered by many sources: the ChatGPT Health launch appears in at least six feeds.
        Assert.True(items.Where(i => i.Item.Title.Text.Contains("ChatGPT Health", StringComparison.Ordinal)).Select(i => i.Source).Distinct().Count() >= 6);
    }
}
