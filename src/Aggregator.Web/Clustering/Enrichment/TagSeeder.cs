using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>Keeps the Tag table in line with seeds/tags.json: adds new tags, updates names and kinds.</summary>
internal sealed class TagSeeder(TopicVocabulary vocabulary, ILogger<TagSeeder> logger) : IStartupSeeder
{
    public int Order => 20;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.Tags.ToDictionaryAsync(t => t.Slug, StringComparer.Ordinal, cancellationToken);
        int added = 0, updated = 0;
        foreach (var definition in vocabulary.Tags.DistinctBy(t => t.Slug))
        {
            if (!existing.TryGetValue(definition.Slug, out var tag))
            {
                db.Tags.Add(new Tag { Slug = definition.Slug, Name = definition.Name, Kind = definition.Kind });
                added++;
            }
            else if (tag.Name != definition.Name || tag.Kind != definition.Kind)
            {
                tag.Name = definition.Name;
                tag.Kind = definition.Kind;
                updated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (added + updated > 0)
        {
            logger.LogInformation("Tags seeded: {Added} added, {Updated} updated", added, updated);
        }
    }
}
