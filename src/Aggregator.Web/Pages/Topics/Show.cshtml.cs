using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Guides;
using Aggregator.Web.Pages.Search;
using Aggregator.Web.Pages.Shared;
using Aggregator.Web.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Pages.Topics;

[OutputCache(PolicyName = ReaderSetup.CachePolicy)]
public class ShowModel(AppDbContext db, GuideLibrary guides) : PageModel
{
    private const int RelatedLimit = 8;

    // Related events are other stories of the same days: a topic that ended this long before this one began, or began
    // this long after it ended, is history, not a related event.
    private static readonly TimeSpan RelatedWindow = TimeSpan.FromDays(3);

    public TopicView Topic { get; private set; } = null!;
    public IReadOnlyList<Coverage.Article> Members { get; private set; } = [];
    public Coverage.Article? Lead { get; private set; }
    public IReadOnlyList<Coverage.Publisher> Reports { get; private set; } = [];
    public Coverage.Discussion Discussion { get; private set; } = Coverage.Discussion.None;

    /// <summary>Where the rest of the related events are: the page of the story's main entity or first tag, else a search.</summary>
    public string? MoreRelatedUrl { get; private set; }
    public string? MoreRelatedLabel { get; private set; }
    public IReadOnlyList<TagLink> Tags { get; private set; } = [];
    public IReadOnlyList<string> SourceNames { get; private set; } = [];
    public IReadOnlyList<Guide> RelatedGuides { get; private set; } = [];
    public IReadOnlyList<RelatedEvent> RelatedEvents { get; private set; } = [];

    /// <summary>The topic this one was split off, when the engine found it held two stories (null if none to show).</summary>
    public TopicLink? SplitFrom { get; private set; }

    /// <summary>Topics the engine split off this one, with the articles each took.</summary>
    public IReadOnlyList<TopicLink> SplitOff { get; private set; } = [];

    public sealed record TopicView(
        string Id, string Slug, string Headline, string? Dek, string? Summary, bool SummaryByEditor,
        List<SummarySentence> Sentences, int Importance, List<ImportanceFactor> Factors, string? Category, string? MainEntity,
        int ArticleCount, int SourceCount, DateTimeOffset EarliestAt, DateTimeOffset LatestAt, long? LeadArticleId,
        string? SplitFromId, DateTimeOffset? SplitAt)
    {
        public string Url => $"/topics/{Id}/{Slug}";
        public string SourceLabel => SourceCount > 1 ? "multi-source" : "single-source";
    }

    public sealed record TagLink(string Slug, string Name, string Kind);

    public sealed record TopicLink(string Id, string Slug, string Headline, int ArticleCount, DateTimeOffset? SplitAt)
    {
        public string Url => $"/topics/{Id}/{Slug}";
    }

    public sealed record RelatedEvent(string Id, string Slug, string Headline, string? Summary, int Importance, DateTimeOffset LatestAt)
    {
        public string Url => $"/topics/{Id}/{Slug}";
    }

    public async Task<IActionResult> OnGetAsync(string id, string? slug, CancellationToken cancellationToken)
    {
        var found = await Resolve(db, id, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        if (!string.Equals(found.Id, id, StringComparison.Ordinal))
        {
            return RedirectPermanent($"/topics/{found.Id}/{found.Slug}");
        }

        if (!string.Equals(found.Slug, slug, StringComparison.Ordinal))
        {
            return Redirect($"/topics/{found.Id}/{found.Slug}");
        }

        Topic = await db.Topics.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new TopicView(t.Id, t.Slug, t.Headline, t.Dek, t.Summary, t.EditorSummary != null,
                t.SummarySentences, t.Importance, t.ImportanceFactors, t.Category, t.MainEntity,
                t.ArticleCount, t.SourceCount, t.EarliestAt, t.LatestAt, t.LeadArticleId, t.SplitFromId, t.SplitAt))
            .SingleAsync(cancellationToken);

        if (Topic.SplitFromId is { } origin && await Resolve(db, origin, cancellationToken) is { } source && source.Id != id)
        {
            SplitFrom = await db.Topics.AsNoTracking().Where(t => t.Id == source.Id)
                .Select(t => new TopicLink(t.Id, t.Slug, t.Headline, t.ArticleCount, Topic.SplitAt))
                .SingleAsync(cancellationToken);
        }

        SplitOff = await db.Topics.AsNoTracking().Visible().Where(t => t.SplitFromId == id)
            .OrderBy(t => t.SplitAt).ThenBy(t => t.Id)
            .Select(t => new TopicLink(t.Id, t.Slug, t.Headline, t.ArticleCount, t.SplitAt))
            .ToListAsync(cancellationToken);

        Members = await db.Articles.AsNoTracking().Where(a => a.TopicId == id)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Select(a => new Coverage.Article(a.Id, a.Title, a.Url, a.PublishedAt, a.Importance, a.SummaryHtml, a.Text,
                SourceLabels.Name(a.Source!.Name), a.Source.Slug, a.Source.Kind, a.Source.Tier))
            .ToListAsync(cancellationToken);
        Lead = Members.FirstOrDefault(m => m.Id == Topic.LeadArticleId) ?? (Members.Count > 0 ? Members[0] : null);
        Reports = Coverage.ReportsOf(Members);
        Discussion = Coverage.DiscussionOf(Members);
        SourceNames = [.. Members.Select(m => m.SourceName).Distinct(StringComparer.Ordinal)];

        Tags = await db.TopicTags.AsNoTracking().Where(tt => tt.TopicId == id)
            .OrderBy(tt => tt.Tag!.Name)
            .Select(tt => new TagLink(tt.TagSlug, tt.Tag!.Name, tt.Tag.Kind))
            .ToListAsync(cancellationToken);

        var keys = Tags.Select(t => t.Slug).ToList();
        if (Topic.Category is not null)
        {
            keys.Add(Topic.Category.ToLowerInvariant());
        }

        RelatedGuides = [.. guides.RelatedTo(keys).Take(RelatedLimit)];
        RelatedEvents = await FindRelatedEventsAsync(cancellationToken);
        var mainTag = Tags.FirstOrDefault(t => string.Equals(t.Name, Topic.MainEntity, StringComparison.OrdinalIgnoreCase)) ?? (Tags.Count > 0 ? Tags[0] : null);
        (MoreRelatedUrl, MoreRelatedLabel) = mainTag is not null
            ? ($"/tags/{Uri.EscapeDataString(mainTag.Slug)}", $"All stories about {mainTag.Name}")
            : Topic.MainEntity is { } entity ? ($"/search?q={Uri.EscapeDataString(entity)}", $"Search for {entity}") : (null, null);

        FeedLink.Add(ViewData, FeedLink.Topic(Topic.Id, Topic.Headline), FeedLink.AllTopics);
        return Page();
    }

    /// <summary>Follows merges to the topic a reader should see; null when there is none to show.</summary>
    private sealed record Key(string Id, string Slug, string? MergedIntoId, bool IsHidden);

    private static async Task<Key?> Resolve(AppDbContext db, string id, CancellationToken cancellationToken)
    {
        // A merge chain is short; the hop limit only guards against a cycle.
        for (var hop = 0; hop < 10; hop++)
        {
            var key = await db.Topics.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new Key(t.Id, t.Slug, t.MergedIntoId, t.IsHidden))
                .SingleOrDefaultAsync(cancellationToken);
            if (key is null)
            {
                return null;
            }

            if (key.MergedIntoId is null)
            {
                return key.IsHidden ? null : key;
            }

            id = key.MergedIntoId;
        }

        return null;
    }

    /// <summary>Other stories of the same days sharing tags or the main entity, best overlap first; text similarity fills the rest.</summary>
    private async Task<IReadOnlyList<RelatedEvent>> FindRelatedEventsAsync(CancellationToken cancellationToken)
    {
        var id = Topic.Id;
        var tagSlugs = Tags.Select(t => t.Slug).ToList();
        var entity = Topic.MainEntity;
        var (from, to) = (Topic.EarliestAt - RelatedWindow, Topic.LatestAt + RelatedWindow);
        var byOverlap = await db.Topics.AsNoTracking().Visible()
            .Where(t => t.LatestAt >= from && t.EarliestAt <= to)
            .Where(t => t.Id != id && (t.Tags.Any(tt => tagSlugs.Contains(tt.TagSlug)) || (entity != null && t.MainEntity == entity)))
            .Select(t => new
            {
                t.Id, t.Slug, t.Headline, Summary = t.Dek ?? t.Summary, t.Importance, t.LatestAt,
                Shared = t.Tags.Count(tt => tagSlugs.Contains(tt.TagSlug)) + (entity != null && t.MainEntity == entity ? 1 : 0),
            })
            .OrderByDescending(x => x.Shared).ThenByDescending(x => x.Importance).ThenByDescending(x => x.LatestAt)
            .Take(RelatedLimit)
            .ToListAsync(cancellationToken);
        var related = byOverlap.Select(x => new RelatedEvent(x.Id, x.Slug, x.Headline, x.Summary, x.Importance, x.LatestAt)).ToList();
        if (related.Count >= RelatedLimit)
        {
            return related;
        }

        var words = Topic.Headline.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(char.IsLetterOrDigit)]))
            .Where(w => w.Length >= 4 && !StopWords.Contains(w))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(8)
            .ToList();
        if (words.Count == 0)
        {
            return related;
        }

        var seen = related.Select(r => r.Id).Append(id).ToList();
        var textIds = await TextSearch.TopicsSharingAnyAsync(db, words, RelatedLimit * 6, cancellationToken);
        textIds = [.. textIds.Where(t => !seen.Contains(t))];
        var byText = await db.Topics.AsNoTracking().Where(t => textIds.Contains(t.Id) && t.LatestAt >= from && t.EarliestAt <= to)
            .Select(t => new RelatedEvent(t.Id, t.Slug, t.Headline, t.Dek ?? t.Summary, t.Importance, t.LatestAt))
            .ToListAsync(cancellationToken);
        related.AddRange(byText.OrderBy(e => textIds.IndexOf(e.Id)).Take(RelatedLimit - related.Count));
        return related;
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "with", "from", "that", "this", "into", "over", "after", "about", "their", "what", "says", "will", "have", "more",
        "than", "they", "them", "when", "where", "which", "while", "new", "could", "would", "should", "been", "being",
    };
}
