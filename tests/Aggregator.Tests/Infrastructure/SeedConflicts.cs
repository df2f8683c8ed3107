using Aggregator.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// The app seeds reference data (sources, tags) on start. Tests that write their own rows with the same slugs
/// remove the seeded ones first, so each test's data is exactly what it states.
/// </summary>
public static class SeedConflicts
{
    public static async Task RemoveAsync(AppDbContext db, IEnumerable<string>? tagSlugs = null, IEnumerable<string>? sourceSlugs = null)
    {
        var tags = tagSlugs?.ToList() ?? [];
        var sources = sourceSlugs?.ToList() ?? [];
        if (tags.Count > 0)
        {
            await db.Tags.Where(t => tags.Contains(t.Slug)).ExecuteDeleteAsync();
        }

        if (sources.Count > 0)
        {
            await db.Sources.Where(s => sources.Contains(s.Slug)).ExecuteDeleteAsync();
        }
    }
}
