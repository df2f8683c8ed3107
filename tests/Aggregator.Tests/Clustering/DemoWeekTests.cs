using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Aggregator.Tests.Clustering;

/// <summary>
/// The demo week (1-10 January 2026) imported through the real importer and clustered by the real engine. The
/// outlets that covered the week's big stories are imported, gadget-heavy ones included, to keep the run short.
/// </summary>
public class DemoWeekTests(ITestOutputHelper output)
{
    private static readonly string[] Outlets =
    [
        "the-verge", "bbc-technology", "ars-technica", "engadget", "techradar", "neowin", "gizmodo", "wired", "guardian",
        "nbc-news-tech", "zdnet", "forbes-innovation", "reddit-r-technology", "cnet-news", "slashdot", "android-authority",
    ];

    private static readonly string[] Gadgets = ["Pebble", "XPS", "Freestyle", "Lego", "earbuds", "headphones", "TV deal"];

    // Fails today on the engine's grouping, not on the topic pipeline. Grok's scandal is one 5-source topic of about 80
    // articles, and ChatGPT Health's launch reports sit together in a 15-source topic, but that topic also holds a
    // week of "AI and mental health" columns; Nvidia's CES roundups land in the 12-source Lego Smart Brick topic (one
    // gadget among them) through the words of the show. Un-skip once the engine keeps a story apart from the theme
    // and the show around it.
    [Fact(Skip = "Engine mixes the week's stories with their themes (CES, AI and health); see comment")]
    public async Task BigStoriesOfTheWeekAreEachOneImportantMultiSourceTopic()
    {
        using var app = new AppFactory();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var folders = Outlets.Select(o => Path.Combine(Paths.Shared, "demo", "feeds", o)).Where(Directory.Exists).ToList();
            Assert.Equal(Outlets.Length, folders.Count);
            var summary = await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync(folders, CancellationToken.None);
            var result = await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
            output.WriteLine($"imported {summary.Added} articles; clustered {result.Articles} into {result.NewTopics} topics, {result.Merges} merges, {result.ArticlesPerSecond:0} articles/s");
        }

        await app.WithDbAsync(async db =>
        {
            async Task<string> StoryAsync(string name, params string[] titles)
            {
                var topicIds = await db.Articles.AsNoTracking().Where(a => titles.Contains(a.Title)).Select(a => a.TopicId).Distinct().ToListAsync();
                var topicId = Assert.Single(topicIds);
                var topic = await db.Topics.AsNoTracking().Include(t => t.Articles).SingleAsync(t => t.Id == topicId);
                output.WriteLine($"{name}: {topic.Id} {topic.Importance}/5, {topic.ArticleCount} articles, {topic.SourceCount} sources, {topic.Category}, {topic.MainEntity}: {topic.Headline}");
                Assert.True(topic.SourceCount >= 5, $"{name}: {topic.SourceCount} sources");
                Assert.True(topic.Importance >= 4, $"{name}: importance {topic.Importance}");
                Assert.Equal("multi-source", topic.SourceLabel);
                Assert.DoesNotContain(topic.Articles, a => Gadgets.Any(g => a.Title.Contains(g, StringComparison.OrdinalIgnoreCase)));
                Assert.InRange(topic.SummarySentences.Count, 2, 4);
                return topic.Id;
            }

            var health = await StoryAsync("ChatGPT Health",
                "OpenAI launches ChatGPT Health, encouraging users to connect their medical records",
                "OpenAI launches ChatGPT Health to review your medical records",
                "ChatGPT Health lets you connect medical records to an AI that makes things up");
            var nvidia = await StoryAsync("Nvidia at CES",
                "Jensen Huang Says Nvidia’s New Vera Rubin Chips Are in ‘Full Production’",
                "CES 2026: NVIDIA introduces Rubin AI platform, Microsoft ready to deploy",
                "The biggest Nvidia announcements at CES 2026");
            var grok = await StoryAsync("Grok images",
                "Grok is undressing anyone, including minors",
                "Elon Musk's Grok AI image editing limited to paid users after deepfakes",
                "Grok AI under fire for generating explicit images of women and children");
            Assert.Equal(3, new[] { health, nvidia, grok }.Distinct().Count());
        });
    }
}
