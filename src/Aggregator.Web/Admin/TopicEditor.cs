using System.Security.Cryptography;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Pages.Shared;
using Aggregator.Web.Text;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Admin;

/// <param name="Error">What went wrong, in words an editor understands; null on success.</param>
public sealed record EditResult(string? Error, AuditEntry? Entry = null, string? TopicId = null)
{
    public bool Succeeded => Error is null;

    public static EditResult Fail(string error) => new(error);
}

/// <summary>The editors' topic controls. Each one records its audit entry in the same transaction as the change.</summary>
public sealed class TopicEditor(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxHeadline = 300;
    public const int MaxDek = 500;
    public const int MaxSummary = 5000;
    public const int MaxReason = 500;

    public async Task<EditResult> SetImportanceAsync(string topicId, int? importance, string? reason, string user, CancellationToken ct)
    {
        if (ReasonProblem(reason) is { } reasonProblem)
        {
            return EditResult.Fail(reasonProblem);
        }

        if (importance is < 1 or > 5)
        {
            return EditResult.Fail("Importance must be between 1 and 5, or automatic.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return EditResult.Fail("Say why the importance changes: the reason is kept in the audit log.");
        }

        var (topic, error) = await LoadAsync(topicId, ct);
        if (topic is null)
        {
            return EditResult.Fail(error!);
        }

        if (topic.EditorImportance == importance)
        {
            return EditResult.Fail(importance is null ? "The importance is already automatic." : $"The importance is already set to {importance}.");
        }

        var change = audit.Begin(user, "topic.importance", "topic", topic.Id, Clean(reason)).Capture(topic, nameof(Topic.EditorImportance));
        topic.EditorImportance = importance;
        return await CommitAsync(change, topic.Id, ct);
    }

    public Task<EditResult> SetPinnedAsync(string topicId, bool pinned, string? reason, string user, CancellationToken ct) =>
        SetFlagAsync(topicId, nameof(Topic.IsPinned), pinned, pinned ? "topic.pin" : "topic.unpin", reason, user, ct);

    public Task<EditResult> SetHiddenAsync(string topicId, bool hidden, string? reason, string user, CancellationToken ct) =>
        SetFlagAsync(topicId, nameof(Topic.IsHidden), hidden, hidden ? "topic.hide" : "topic.unhide", reason, user, ct);

    private async Task<EditResult> SetFlagAsync(string topicId, string field, bool value, string action, string? reason, string user, CancellationToken ct)
    {
        if (ReasonProblem(reason) is { } reasonProblem)
        {
            return EditResult.Fail(reasonProblem);
        }

        var (topic, error) = await LoadAsync(topicId, ct);
        if (topic is null)
        {
            return EditResult.Fail(error!);
        }

        var current = field == nameof(Topic.IsPinned) ? topic.IsPinned : topic.IsHidden;
        if (current == value)
        {
            return EditResult.Fail(action switch
            {
                "topic.pin" => "The topic is already pinned.",
                "topic.unpin" => "The topic is not pinned.",
                "topic.hide" => "The topic is already hidden.",
                _ => "The topic is not hidden.",
            });
        }

        var change = audit.Begin(user, action, "topic", topic.Id, Clean(reason)).Capture(topic, field);
        if (field == nameof(Topic.IsPinned))
        {
            topic.IsPinned = value;
        }
        else
        {
            topic.IsHidden = value;
        }

        return await CommitAsync(change, topic.Id, ct);
    }

    /// <param name="articleId">Null returns the choice of lead to the clustering.</param>
    public async Task<EditResult> SetLeadAsync(string topicId, long? articleId, string? reason, string user, CancellationToken ct)
    {
        if (ReasonProblem(reason) is { } reasonProblem)
        {
            return EditResult.Fail(reasonProblem);
        }

        var (topic, error) = await LoadAsync(topicId, ct);
        if (topic is null)
        {
            return EditResult.Fail(error!);
        }

        if (articleId is not null && !await db.Articles.AnyAsync(a => a.Id == articleId && a.TopicId == topic.Id, ct))
        {
            return EditResult.Fail("The lead must be one of this topic's own articles.");
        }

        if (topic.EditorLeadArticleId == articleId)
        {
            return EditResult.Fail(articleId is null ? "The lead is already chosen automatically." : "That article is already the lead.");
        }

        var change = audit.Begin(user, "topic.lead", "topic", topic.Id, Clean(reason)).Capture(topic, nameof(Topic.EditorLeadArticleId));
        topic.EditorLeadArticleId = articleId;
        return await CommitAsync(change, topic.Id, ct);
    }

    /// <summary>Blank fields go back to the computed text.</summary>
    public async Task<EditResult> SetTextAsync(string topicId, string? headline, string? dek, string? summary, string? reason, string user, CancellationToken ct)
    {
        if (ReasonProblem(reason) is { } reasonProblem)
        {
            return EditResult.Fail(reasonProblem);
        }

        headline = Clean(headline);
        dek = Clean(dek);
        summary = summary?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        summary = string.IsNullOrEmpty(summary) ? null : summary;
        if (headline?.Length > MaxHeadline || dek?.Length > MaxDek || summary?.Length > MaxSummary)
        {
            return EditResult.Fail($"Too long: a headline takes up to {MaxHeadline} characters, a dek {MaxDek}, a summary {MaxSummary}.");
        }

        if (ReaderMarkdown.Problem(summary) is { } problem)
        {
            return EditResult.Fail(problem);
        }

        var (topic, error) = await LoadAsync(topicId, ct);
        if (topic is null)
        {
            return EditResult.Fail(error!);
        }

        if (topic.EditorHeadline == headline && topic.EditorDek == dek && topic.EditorSummary == summary)
        {
            return EditResult.Fail("Nothing changed.");
        }

        var change = audit.Begin(user, "topic.text", "topic", topic.Id, Clean(reason))
            .Capture(topic, nameof(Topic.EditorHeadline), nameof(Topic.EditorDek), nameof(Topic.EditorSummary));
        topic.EditorHeadline = headline;
        topic.EditorDek = dek;
        topic.EditorSummary = summary;
        return await CommitAsync(change, topic.Id, ct);
    }

    /// <summary>Moves every article of <paramref name="fromId"/> into <paramref name="intoId"/>; the old id then redirects.</summary>
    public async Task<EditResult> MergeAsync(string fromId, string intoId, string? reason, string user, CancellationToken ct)
    {
        if (ReasonProblem(reason) is { } reasonProblem)
        {
            return EditResult.Fail(reasonProblem);
        }

        fromId = (fromId ?? "").Trim().ToLowerInvariant();
        intoId = (intoId ?? "").Trim().ToLowerInvariant();
        if (fromId == intoId)
        {
            return EditResult.Fail("A topic cannot be merged into itself; pick a different topic.");
        }

        var (from, error) = await LoadAsync(fromId, ct);
        if (from is null)
        {
            return EditResult.Fail(error!);
        }

        var (into, intoError) = await LoadAsync(intoId, ct);
        if (into is null)
        {
            return EditResult.Fail(intoError!);
        }

        var change = audit.Begin(user, "topic.merge", "topic", from.Id, Clean(reason)).Affects(into.Id)
            .Capture(from, nameof(Topic.MergedIntoId));
        var articles = await db.Articles.Where(a => a.TopicId == from.Id).ToListAsync(ct);
        foreach (var article in articles)
        {
            change.Capture(article, nameof(Article.TopicId), nameof(Article.PlacedByEditor));
            article.TopicId = into.Id;
            article.PlacedByEditor = true;
        }

        // Topics merged into this one earlier now point straight at the survivor, so old links redirect in one hop.
        foreach (var earlier in await db.Topics.Where(t => t.MergedIntoId == from.Id).ToListAsync(ct))
        {
            change.Capture(earlier, nameof(Topic.MergedIntoId));
            earlier.MergedIntoId = into.Id;
        }

        from.MergedIntoId = into.Id;
        return await CommitAsync(change, into.Id, ct);
    }

    /// <summary>Takes some of a topic's articles out into a new topic with a fresh id.</summary>
    public async Task<EditResult> SplitAsync(string topicId, IReadOnlyCollection<long> articleIds, string? headline, string? reason, string user, CancellationToken ct)
    {
        if (ReasonProblem(reason) is { } reasonProblem)
        {
            return EditResult.Fail(reasonProblem);
        }

        headline = Clean(headline);
        if (headline?.Length > MaxHeadline)
        {
            return EditResult.Fail($"A headline takes up to {MaxHeadline} characters.");
        }

        var (topic, error) = await LoadAsync(topicId, ct);
        if (topic is null)
        {
            return EditResult.Fail(error!);
        }

        if (articleIds.Count == 0)
        {
            return EditResult.Fail("Tick the articles to split out into a new topic.");
        }

        var members = await db.Articles.Where(a => a.TopicId == topic.Id).ToListAsync(ct);
        var selected = members.Where(a => articleIds.Contains(a.Id)).OrderBy(a => a.PublishedAt).ToList();
        if (selected.Count != articleIds.Distinct().Count())
        {
            return EditResult.Fail("Some of the ticked articles are no longer in this topic; reload the page and try again.");
        }

        if (selected.Count == members.Count)
        {
            return EditResult.Fail("A split must leave at least one article behind; to move the whole topic, merge it instead.");
        }

        var now = clock.GetUtcNow();
        var title = headline ?? selected[0].Title;
        var created = new Topic
        {
            Id = await NewTopicIdAsync(ct),
            Slug = Slug.From(title, "topic"),
            Headline = title,
            EditorHeadline = headline,
            Category = topic.Category,
            ComputedImportance = selected.Max(a => a.Importance),
            ArticleCount = selected.Count,
            EarliestAt = selected.Min(a => a.PublishedAt),
            LatestAt = selected.Max(a => a.PublishedAt),
            LeadArticleId = selected[0].Id,
            CreatedAt = now,
            UpdatedAt = now,
            // Recorded as "merged back" before the split, so undoing it redirects the new id to where its articles return.
            MergedIntoId = topic.Id,
        };
        created.ApplyEditorOverrides();
        db.Topics.Add(created);
        var change = audit.Begin(user, "topic.split", "topic", topic.Id, Clean(reason)).Capture(created, nameof(Topic.MergedIntoId));
        created.MergedIntoId = null;
        if (topic.EditorLeadArticleId is { } lead && selected.Any(a => a.Id == lead))
        {
            change.Capture(topic, nameof(Topic.EditorLeadArticleId));
            topic.EditorLeadArticleId = null;
        }

        if (topic.LeadArticleId is { } computedLead && selected.Any(a => a.Id == computedLead))
        {
            topic.LeadArticleId = members.Except(selected).OrderBy(a => a.PublishedAt).First().Id;
        }

        foreach (var article in selected)
        {
            change.Capture(article, nameof(Article.TopicId), nameof(Article.PlacedByEditor));
            article.TopicId = created.Id;
            article.PlacedByEditor = true;
        }

        return await CommitAsync(change, created.Id, ct);
    }

    public async Task<EditResult> MoveArticleAsync(long articleId, string targetTopicId, string? reason, string user, CancellationToken ct)
    {
        if (ReasonProblem(reason) is { } reasonProblem)
        {
            return EditResult.Fail(reasonProblem);
        }

        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == articleId, ct);
        if (article is null)
        {
            return EditResult.Fail($"There is no article #{articleId}.");
        }

        var (target, error) = await LoadAsync(targetTopicId, ct);
        if (target is null)
        {
            return EditResult.Fail(error!);
        }

        if (article.TopicId == target.Id)
        {
            return EditResult.Fail("The article is already in that topic.");
        }

        var fromId = article.TopicId;
        var change = audit.Begin(user, "topic.move-article", "topic", fromId ?? target.Id, Clean(reason)).Affects(target.Id);
        if (fromId is not null)
        {
            if (!await db.Articles.AnyAsync(a => a.TopicId == fromId && a.Id != article.Id, ct))
            {
                return EditResult.Fail($"This is the only article of topic {fromId}; merge that topic into {target.Id} instead.");
            }

            var from = await db.Topics.FirstAsync(t => t.Id == fromId, ct);
            if (from.EditorLeadArticleId == article.Id)
            {
                change.Capture(from, nameof(Topic.EditorLeadArticleId));
                from.EditorLeadArticleId = null;
            }

            if (from.LeadArticleId == article.Id)
            {
                from.LeadArticleId = null;
            }
        }

        change.Capture(article, nameof(Article.TopicId), nameof(Article.PlacedByEditor));
        article.TopicId = target.Id;
        article.PlacedByEditor = true;
        return await CommitAsync(change, target.Id, ct);
    }

    // What was read before the change is checked when it is saved (Topic.Version): a topic someone else changed in
    // between (another editor, the clustering) refuses the change, which is rolled back whole.
    private static async Task<EditResult> CommitAsync(AuditLog.Change change, string topicId, CancellationToken ct)
    {
        try
        {
            return new EditResult(null, await change.CommitAsync(ct), topicId);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException || WriteConflicts.IsConflict(ex))
        {
            return EditResult.Fail(Conflict);
        }
    }

    public const string Conflict = "The topic changed while you were working on it (another editor, or the clustering placing new articles); "
        + "nothing was saved. Reload the page and try again.";

    private async Task<(Topic? Topic, string? Error)> LoadAsync(string? topicId, CancellationToken ct)
    {
        var id = (topicId ?? "").Trim().ToLowerInvariant();
        if (id.Length == 0)
        {
            return (null, "Give a topic id (the 10 characters after /topics/ in its address).");
        }

        var topic = await db.Topics.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (topic is null)
        {
            return (null, $"There is no topic '{id}'.");
        }

        return topic.MergedIntoId is null ? (topic, null) : (null, $"Topic {id} was merged into {topic.MergedIntoId}; work on that topic instead.");
    }

    private async Task<string> NewTopicIdAsync(CancellationToken ct)
    {
        while (true)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
            if (!await db.Topics.AnyAsync(t => t.Id == id, ct))
            {
                return id;
            }
        }
    }

    /// <summary>The audit log keeps reasons whole, so they are bounded where they are typed.</summary>
    internal static string? ReasonProblem(string? reason) =>
        reason?.Trim().Length > MaxReason ? $"A reason takes up to {MaxReason} characters; say it in short, the audit log keeps it whole." : null;

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
