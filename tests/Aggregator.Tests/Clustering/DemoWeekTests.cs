using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Clustering;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Aggregator.Tests.Clustering;

/// <summary>
/// The demo week (1-10 January 2026, 400 snapshots from 63 sources) imported through the real importer and clustered
/// by the real runner and engine, as an operator would after <c>import ../shared/demo/feeds</c>.
/// </summary>
public class DemoWeekTests(ITestOutputHelper output)
{
    private static readonly string[] Gadgets = ["Pebble", "XPS", "Freestyle", "Lego", "earbuds", "headphones", "TV deal"];

    // The week's big stories each end up as one important multi-source topic that no gadget news joins, headed by a
    // report of that story.
    [Fact]
    public async Task BigStoriesOfTheWeekAreEachOneImportantMultiSourceTopic()
    {
        using var app = new AppFactory();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            string[] folders = [Path.Combine(Paths.Shared, "demo", "feeds")];
            var summary = await scope.ServiceProvider.GetRequiredService<FeedImporter>().ImportAsync(folders, CancellationToken.None);
            var result = await scope.ServiceProvider.GetRequiredService<ClusteringRunner>().RunPendingAsync(CancellationToken.None);
            output.WriteLine($"imported {summary.Added} articles; clustered {result.Articles} into {result.NewTopics} topics, {result.Merges} merges, {result.ArticlesPerSecond:0} articles/s");
        }

        await app.WithDbAsync(async db =>
        {
            async Task<string> StoryAsync(string name, string keyword, int floor, params string[] titles)
            {
                // The outlets' reports; a community relay of the same headline may attach as discussion or stand apart.
                var reports = await db.Articles.AsNoTracking().Where(a => titles.Contains(a.Title) && a.Source!.Kind != SourceKind.Community)
                    .Select(a => new { a.Title, a.TopicId }).ToListAsync();
                Assert.NotEmpty(reports);

                // Where each report went, so a failure shows which topics split the story and what they hold.
                foreach (var place in reports.GroupBy(r => r.TopicId))
                {
                    var members = await db.Articles.AsNoTracking().Where(a => a.TopicId == place.Key).Select(a => new { a.Title, a.SourceId }).ToListAsync();
                    var gadgets = members.Count(a => Gadgets.Any(g => a.Title.Contains(g, StringComparison.OrdinalIgnoreCase)));
                    output.WriteLine($"{name}: {place.Key} ({members.Count} articles, {members.Select(a => a.SourceId).Distinct().Count()} sources, {gadgets} gadgets) holds '{string.Join("', '", place.Select(r => r.Title).Distinct())}'");
                }

                var topicIds = reports.Select(r => r.TopicId).Distinct().ToList();
                var topicId = Assert.Single(topicIds);
                var topic = await db.Topics.AsNoTracking().Include(t => t.Articles).SingleAsync(t => t.Id == topicId);
                output.WriteLine($"{name}: {topic.Id} {topic.Importance}/5, {topic.ArticleCount} articles, {topic.SourceCount} sources, {topic.Category}, {topic.MainEntity}: {topic.Headline}");
                foreach (var member in topic.Articles.OrderBy(a => a.PublishedAt))
                {
                    output.WriteLine($"    {member.PublishedAt:MM-dd HH:mm} {member.SourceId,3} {member.Title}");
                }

                Assert.True(topic.SourceCount >= 5, $"{name}: {topic.SourceCount} sources");
                Assert.True(topic.Importance >= floor, $"{name}: importance {topic.Importance}, below {floor}");
                Assert.Equal("multi-source", topic.SourceLabel);
                Assert.DoesNotContain(topic.Articles, a => Gadgets.Any(g => a.Title.Contains(g, StringComparison.OrdinalIgnoreCase)));
                Assert.InRange(topic.SummarySentences.Count, 2, 4);
                Assert.Matches(new System.Text.RegularExpressions.Regex(keyword, System.Text.RegularExpressions.RegexOptions.IgnoreCase), topic.Headline);
                return topic.Id;
            }

            var health = await StoryAsync("ChatGPT Health", "ChatGPT Health", 4,
                "OpenAI launches ChatGPT Health, encouraging users to connect their medical records",
                "OpenAI launches ChatGPT Health to review your medical records",
                "ChatGPT Health lets you connect medical records to an AI that makes things up");
            // Six outlets within a day and no first party among the sources: rated 3 as the factors stand.
            var nvidia = await StoryAsync("Nvidia at CES", "Nvidia", 3,
                "Jensen Huang Says Nvidia’s New Vera Rubin Chips Are in ‘Full Production’",
                "CES 2026: NVIDIA introduces Rubin AI platform, Microsoft ready to deploy",
                "The biggest Nvidia announcements at CES 2026");
            var grok = await StoryAsync("Grok images", "Grok|Musk", 4,
                "Grok is undressing anyone, including minors",
                "Grok Is Pushing AI ‘Undressing’ Mainstream",
                "Grok AI under fire for generating explicit images of women and children");
            Assert.Equal(3, new[] { health, nvidia, grok }.Distinct().Count());
        });
    }
}
