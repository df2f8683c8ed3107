using System.Net;
using System.Text.RegularExpressions;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Text;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>
/// Derives everything a topic shows from its current members. Writes only computed fields: Editor* fields are
/// read (they win) but never written. Saves through the caller's context, inside the caller's transaction.
/// </summary>
internal sealed partial class TopicUpdater(TopicVocabulary vocabulary, ArticleFactsCache facts, TimeProvider clock, ILogger<TopicUpdater> logger) : ITopicUpdater
{
    private const int MaxTags = 8;
    private const int SummaryArticleLimit = 40;

    public async Task RecomputeAsync(AppDbContext db, IReadOnlyCollection<string> topicIds, CancellationToken cancellationToken)
    {
        if (topicIds.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        // A caller that tracks nothing (the clustering runner) gets nothing tracked back: each chunk's topics are let go
        // once saved, so no later save looks through them again.
        var untracked = !db.ChangeTracker.Entries().Any();
        var (knownTags, sources, firstParties) = await LoadContextAsync(db, cancellationToken);
        foreach (var chunk in topicIds.Distinct(StringComparer.Ordinal).Chunk(200))
        {
            var topics = await db.Topics.Where(t => chunk.Contains(t.Id)).Include(t => t.Tags).ToListAsync(cancellationToken);
            // Members are read, not tracked: of an article only its importance is written, and only where it changed.
            var members = (await db.Articles.AsNoTracking().Where(a => a.TopicId != null && chunk.Contains(a.TopicId)).ToListAsync(cancellationToken))
                .ToLookup(a => a.TopicId!, StringComparer.Ordinal);
            var importance = new Dictionary<long, int>();
            foreach (var topic in topics)
            {
                var ordered = Ordered(members[topic.Id], sources);
                foreach (var article in ordered)
                {
                    importance[article.Id] = article.Importance;
                }

                Recompute(db, topic, ordered, knownTags, firstParties, now);
                logger.LogDebug("Recomputed topic {TopicId}: {ArticleCount} articles, {SourceCount} sources, importance {Importance}",
                    topic.Id, topic.ArticleCount, topic.SourceCount, topic.Importance);
                foreach (var article in ordered)
                {
                    if (importance[article.Id] == article.Importance)
                    {
                        importance.Remove(article.Id);
                    }
                    else
                    {
                        importance[article.Id] = article.Importance;
                    }
                }
            }

            foreach (var group in importance.GroupBy(a => a.Value, a => a.Key))
            {
                var (value, ids) = (group.Key, group.ToList());
                await db.Articles.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Importance, value), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            if (untracked)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task ComposeAsync(AppDbContext db, IReadOnlyList<(Topic Topic, IReadOnlyList<Article> Members)> topics, CancellationToken cancellationToken)
    {
        if (topics.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var (knownTags, sources, firstParties) = await LoadContextAsync(db, cancellationToken);
        foreach (var (topic, members) in topics)
        {
            Recompute(db, topic, Ordered(members, sources), knownTags, firstParties, now);
        }
    }

    private static List<Article> Ordered(IEnumerable<Article> members, Dictionary<int, Source> sources)
    {
        var ordered = members.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id).ToList();
        foreach (var article in ordered)
        {
            article.Source = sources.GetValueOrDefault(article.SourceId);
        }

        return ordered;
    }

    private static async Task<(Dictionary<string, Tag> Tags, Dictionary<int, Source> Sources, List<Source> FirstParties)> LoadContextAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var tags = await LoadTagsAsync(db, cancellationToken);
        var sources = await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        return (tags, sources, sources.Values.Where(s => s.Kind == SourceKind.FirstParty && s.SiteUrl != null).ToList());
    }

    internal void Recompute(AppDbContext db, Topic topic, List<Article> members, Dictionary<string, Tag> knownTags, IReadOnlyList<Source> firstParties, DateTimeOffset now)
    {
        topic.UpdatedAt = now;
        topic.ArticleCount = members.Count;
        // Publishers as importance counts them: a Google News item is its outlet's, every subreddit is Reddit.
        var credits = Publishers.Of(members, firstParties);
        topic.SourceCount = credits.Values.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count();
        if (members.Count == 0)
        {
            // Emptied by a move or merge: keep the row (its id may redirect or be linked) but stop ranking it.
            topic.ComputedImportance = 1;
            topic.ApplyEditorOverrides();
            topic.LeadArticleId = null;
            return;
        }

        // The story's core: the reports that agree with each other. Freshness, importance, lead and labels come from
        // it, so an article that drifted into the topic neither keeps it fresh nor speaks for it.
        var core = StoryCore.Of(members, credits);
        (topic.LatestAt, topic.IsUndated) = ImportanceScorer.Freshness(core);
        topic.EarliestAt = core.Where(a => a.IsUndated == topic.IsUndated).Min(a => a.PublishedAt);

        foreach (var article in members)
        {
            article.Importance = ImportanceScorer.ScoreArticle(article, facts.For(article).ImportanceSignal);
        }

        var score = ImportanceScorer.ScoreTopic(core, members, credits, now, facts.For);
        topic.ComputedImportance = score.Importance;
        // Owned JSON lists are rewritten whenever a new list is assigned: keep the old one when nothing changed.
        if (!topic.ImportanceFactors.SequenceEqual(score.Factors))
        {
            topic.ImportanceFactors = score.Factors;
        }

        // The editor's lead heads the topic while it is still one of its articles.
        var lead = (topic.EditorLeadArticleId is { } editorLead ? members.FirstOrDefault(a => a.Id == editorLead) : null) ?? StoryCore.ChooseLead(core, facts.For);
        var headline = CleanHeadline(lead.Title, lead.Source?.Name);
        topic.Headline = headline;
        topic.Dek = ChooseDek(lead, core, headline);

        var ordered = core.OrderByDescending(a => a.Id == lead.Id).ThenByDescending(a => a.Importance).ThenBy(a => a.PublishedAt).Take(SummaryArticleLimit);
        var sentences = ExtractiveSummarizer.Summarize(ordered.Select(ToSummaryArticle).ToList());
        if (!topic.SummarySentences.SequenceEqual(sentences))
        {
            topic.SummarySentences = sentences;
        }

        topic.Summary = sentences.Count > 0 ? string.Join(' ', sentences.Select(s => s.Text)) : null;
        topic.ApplyEditorOverrides();
        topic.LeadArticleId = lead.Id;
        topic.Slug = Slug.From(topic.Headline, "topic");

        var tagScores = ScoreTags(core);
        topic.Category = ChooseCategory(core);
        topic.MainEntity = ChooseMainEntity(tagScores, core, lead, members);
        UpdateTags(db, topic, tagScores, knownTags);
    }

    internal static SummaryArticle ToSummaryArticle(Article a) =>
        new(a.Id, a.Title, ArticleText(a), a.Source?.Name ?? "", a.PublishedAt, a.Importance);

    // Read from the HTML where there is some, so a standfirst stays a sentence of its own; feed templates never reach
    // a dek or a summary.
    internal static string ArticleText(Article a)
    {
        var text = Decoded(string.IsNullOrWhiteSpace(a.SummaryHtml) ? a.Text ?? "" : FeedTemplates.FromHtml(a.SummaryHtml, 12_000));
        text = FeedTemplates.Clean(a.Title, text);
        return text.Length > 6000 ? text[..6000] : text;
    }

    private static string Decoded(string text) => PlainText.CollapseWhitespace(WebUtility.HtmlDecode(text));

    /// <summary>The title without a trailing " - Publisher" / " | Publisher" credit (aggregator feeds append them).</summary>
    internal static string CleanHeadline(string title, string? sourceName)
    {
        var text = Decoded(title);
        foreach (var separator in new[] { " - ", " | ", " – " })
        {
            var at = text.LastIndexOf(separator, StringComparison.Ordinal);
            if (at < 20)
            {
                continue;
            }

            var credit = text[(at + separator.Length)..].Trim();
            if (credit.Length is 0 or > 40 || credit.Count(c => c == ' ') > 4)
            {
                continue;
            }

            var isSourceName = sourceName is not null && (sourceName.Contains(credit, StringComparison.OrdinalIgnoreCase) || credit.Contains(sourceName, StringComparison.OrdinalIgnoreCase));
            if (isSourceName || PublisherCredit().IsMatch(credit))
            {
                text = text[..at].TrimEnd();
                break;
            }
        }

        return text.Length > 0 ? text : title;
    }

    private static string? ChooseDek(Article lead, List<Article> members, string headline)
    {
        foreach (var article in members.OrderByDescending(a => a.Id == lead.Id).ThenByDescending(a => a.Importance).ThenBy(a => a.PublishedAt).Take(10))
        {
            var text = ArticleText(article);
            foreach (var sentence in Prose.Sentences(text).Take(3))
            {
                if (sentence.Length < 30 || sentence.Count(c => c == ' ') < 4 || SameWords(sentence, headline) || !ExtractiveSummarizer.IsUsable(sentence) && sentence.Length < 60)
                {
                    continue;
                }

                return PlainText.Truncate(sentence, 220);
            }
        }

        return null;
    }

    private static bool SameWords(string a, string b)
    {
        var x = Prose.ContentWords(a).ToHashSet();
        var y = Prose.ContentWords(b).ToHashSet();
        return x.Count == 0 || x.IsSubsetOf(y) || x.Intersect(y).Count() >= 0.8 * x.Count;
    }

    /// <summary>Per tag: 2 per title mention, up to 2 for mentions in the text, summed over members.</summary>
    private Dictionary<TagDefinition, double> ScoreTags(List<Article> members)
    {
        var scores = new Dictionary<TagDefinition, double>();
        foreach (var article in members)
        {
            var found = facts.For(article);
            var (inTitle, inText) = (found.TitleTags, found.TextTags);
            foreach (var tag in inTitle.Union(inText.Keys))
            {
                scores[tag] = scores.GetValueOrDefault(tag) + (inTitle.Contains(tag) ? 2 : 0) + inText.GetValueOrDefault(tag);
            }
        }

        var threshold = Math.Max(2, Math.Ceiling(0.25 * members.Count));
        return scores.Where(s => s.Value >= threshold).ToDictionary(s => s.Key, s => s.Value);
    }

    private string? ChooseCategory(List<Article> members)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var article in members)
        {
            var found = facts.For(article);
            foreach (var (slug, hits) in found.TitleCategoryHits)
            {
                scores[slug] = scores.GetValueOrDefault(slug) + 2 * hits;
            }

            foreach (var (slug, hits) in found.TextCategoryHits)
            {
                scores[slug] = scores.GetValueOrDefault(slug) + Math.Min(hits, 4);
            }

            // The source's own category is a prior: it counts like a couple of keyword hits per article.
            if (vocabulary.MatchCategory(article.Source?.Category) is { } prior)
            {
                scores[prior.Slug] = scores.GetValueOrDefault(prior.Slug) + 3;
            }
        }

        return scores.Count == 0 ? null : scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key;
    }

    /// <summary>
    /// The organisation, person, product or place the core speaks of most, from the tag dictionary only: a capitalised
    /// phrase in title-case headlines ("States May See") is no entity, and an outlet reporting the story is not its
    /// subject (a first party announcing it is). A story's subject is named in its headlines: an entity only its texts
    /// mention (the rival a review compares with, the country in a celebrity's back story) never heads it, and one the
    /// lead's headline names comes first.
    /// </summary>
    private string? ChooseMainEntity(Dictionary<TagDefinition, double> tagScores, List<Article> core, Article lead, List<Article> members)
    {
        var outlets = members.Select(a => a.Source).OfType<Source>().Where(s => s.Kind != SourceKind.FirstParty)
            .SelectMany(s => new[] { s.Name, s.OwnerKey })
            .Concat(members.Where(Publishers.IsAggregated).Select(Publishers.Credit).OfType<string>())
            .Select(Folded).ToHashSet(StringComparer.Ordinal);
        var inHeadlines = core.SelectMany(a => facts.For(a).TitleTags).ToHashSet();
        var inLead = facts.For(lead).TitleTags;
        return tagScores.Where(t => t.Key.Kind is "company" or "person" or "product" or "model" or "place" && inHeadlines.Contains(t.Key) && !outlets.Contains(Folded(t.Key.Name)))
            .OrderByDescending(t => inLead.Contains(t.Key))
            .ThenByDescending(t => t.Value * (t.Key.Kind is "company" or "person" ? 1.25 : 1.0)).ThenBy(t => t.Key.Slug, StringComparer.Ordinal)
            .Select(t => t.Key.Name).FirstOrDefault();

        static string Folded(string name) => new([.. name.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
    }

    private static void UpdateTags(AppDbContext db, Topic topic, Dictionary<TagDefinition, double> tagScores, Dictionary<string, Tag> knownTags)
    {
        var wanted = tagScores.OrderByDescending(t => t.Value).ThenBy(t => t.Key.Slug, StringComparer.Ordinal).Take(MaxTags).Select(t => t.Key).ToList();
        var wantedSlugs = wanted.Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        topic.Tags.RemoveAll(t => !wantedSlugs.Contains(t.TagSlug));
        foreach (var tag in wanted)
        {
            if (topic.Tags.Any(t => t.TagSlug == tag.Slug))
            {
                continue;
            }

            if (!knownTags.ContainsKey(tag.Slug))
            {
                var row = new Tag { Slug = tag.Slug, Name = tag.Name, Kind = tag.Kind };
                db.Tags.Add(row);
                knownTags[tag.Slug] = row;
            }

            topic.Tags.Add(new TopicTag { TopicId = topic.Id, TagSlug = tag.Slug });
        }
    }

    private static async Task<Dictionary<string, Tag>> LoadTagsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var tags = db.Tags.Local.ToDictionary(t => t.Slug, StringComparer.Ordinal);
        foreach (var tag in await db.Tags.AsNoTracking().ToListAsync(cancellationToken))
        {
            tags.TryAdd(tag.Slug, tag);
        }

        return tags;
    }

    // A publisher credit: a few capitalised words or a domain ("The New York Times", "Bloomberg.com", "BBC").
    [GeneratedRegex(@"^(?:[A-Z0-9][\w&'’.\-]*)(?:\s+(?:[A-Z0-9&][\w&'’.\-]*|of|the|and|for|on))*$|^[\w\-]+\.(?:com|org|net|co\.uk|io)$")]
    private static partial Regex PublisherCredit();
}
