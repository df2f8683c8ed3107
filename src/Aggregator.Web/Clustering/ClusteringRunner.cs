using System.Diagnostics;
using Aggregator.Web.Clustering.Engine.Text;
using Aggregator.Web.Clustering.Engine;
using Aggregator.Web.Clustering.Enrichment;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Operations;
using Aggregator.Web.Text;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering;

public sealed record ClusteringRunResult(int Articles, int NewTopics, int TopicsUpdated, int Merges, int Closed, TimeSpan Elapsed)
{
    /// <summary>Topics the engine found to hold two stories and split.</summary>
    public int Splits { get; init; }

    public bool ChangedTopics => Articles + Merges + Splits + Closed > 0;

    public double ArticlesPerSecond => Elapsed > TimeSpan.Zero ? Articles / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Feeds unclustered articles to the engine in publication order and persists what it decides. One transaction
/// per batch covers the new topics, the article assignments, the engine's merges and closes and the recomputed
/// topics, so a crash leaves either the whole batch or none of it. Articles are claimed with
/// "TopicId IS NULL AND ClusteredAt IS NULL" so no article is ever assigned twice.
/// The worker, the CLI and the demo seeder all call <see cref="RunPendingAsync"/>.
/// </summary>
internal sealed class ClusteringRunner
{
    private readonly AppDbContext _db;
    private readonly ClusteringEngineState _state;
    private readonly ITopicUpdater _updater;
    private readonly ClusteringOptions _options;
    private readonly LlmTopicSummarizer _llm;
    private readonly AggregatorMetrics _metrics;
    private readonly ArticleFactsCache _facts;
    private readonly IOutputCacheStore _cache;
    private readonly TimeProvider _clock;
    private readonly ILogger<ClusteringRunner> _logger;

    public ClusteringRunner(AppDbContext db, ClusteringEngineState state, ITopicUpdater updater, LlmTopicSummarizer llm, ArticleFactsCache facts,
        AggregatorMetrics metrics, IOutputCacheStore cache, IOptions<ClusteringOptions> options, TimeProvider clock, ILogger<ClusteringRunner> logger)
    {
        _facts = facts;
        _db = db;
        _state = state;
        _updater = updater;
        _llm = llm;
        _metrics = metrics;
        _cache = cache;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Set by the worker: each batch then commits only while this process still holds the clustering lease. The verbs
    /// and the demo seeder run without it.
    /// </summary>
    public ClusteringLeadership? Leadership { get; set; }

    public async Task<ClusteringRunResult> RunPendingAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        int articles = 0, newTopics = 0, merges = 0, splits = 0, closed = 0;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var attempted = new HashSet<long>();
        await _state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!_state.Restored)
            {
                await RestoreAsync(cancellationToken);
            }

            // Once per run; an editor acting mid-run is caught by the per-batch check of assigned topics.
            await ForgetRemovedTopicsAsync(cancellationToken);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = await LoadPendingAsync(cancellationToken);
                // An article left pending on purpose (its topic refused it) must not keep the run going forever.
                if (batch.Count == 0 || batch.TrueForAll(a => attempted.Contains(a.Id)))
                {
                    break;
                }

                attempted.UnionWith(batch.Select(a => a.Id));

                var outcome = await ProcessBatchAsync(batch, cancellationToken);
                articles += outcome.Assigned;
                _metrics.RecordArticlesClustered(outcome.Assigned);
                newTopics += outcome.NewTopics;
                merges += outcome.Merges;
                splits += outcome.Splits;
                closed += outcome.Closed;
                touched.UnionWith(outcome.Touched);
                _db.ChangeTracker.Clear();
                await SummarizeWithLlmAsync(outcome.Touched, cancellationToken);
            }
        }
        finally
        {
            _state.Gate.Release();
        }

        var result = new ClusteringRunResult(articles, newTopics, touched.Count, merges, closed, stopwatch.Elapsed) { Splits = splits };
        if (result.ChangedTopics)
        {
            await _cache.EvictByTagAsync(CacheTags.Topics, cancellationToken);

            _logger.LogInformation("Clustered {Articles} articles: {NewTopics} new topics, {TopicsUpdated} topics updated, {Merges} merges, {Splits} splits, {Closed} closed in {ElapsedMs} ms",
                articles, newTopics, touched.Count, merges, splits, closed, (long)stopwatch.Elapsed.TotalMilliseconds);
        }

        return result;
    }

    /// <summary>
    /// Replays the recent stream into the engine so a restarted process continues as if it had never stopped: every
    /// clustered article of the window in publication order, closed and hidden topics' too, since what the engine
    /// learnt from them (term frequencies, each feed's template, its article count and pace) shapes every later choice.
    /// Topics that take no more articles are then forgotten, as the engine itself had closed them.
    /// </summary>
    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        // The window ends where the stream stopped, not at the wall clock: after an archive import (or a site left off
        // for a while) the open topics are as old as their articles, and the next articles of the same stories must
        // find them. Topics the stream has since moved past are closed by the engine itself when newer articles come.
        var now = _clock.GetUtcNow();
        var open = _db.Topics.AsNoTracking().Where(t => t.ClosedAt == null && t.MergedIntoId == null && !t.IsHidden);
        var streamEnd = await _db.Articles.AsNoTracking().Where(a => a.TopicId != null)
            .OrderByDescending(a => a.PublishedAt).Select(a => (DateTimeOffset?)a.PublishedAt).FirstOrDefaultAsync(cancellationToken);
        var since = (streamEnd is { } end && end < now ? end : now) - _options.RestoreWindow;
        var length = ArticleReader.TextLength;
        var rows = await _db.Articles.AsNoTracking()
            .Where(a => a.TopicId != null && a.Topic!.MergedIntoId == null
                && (a.PublishedAt >= since || (a.Topic.ClosedAt == null && !a.Topic.IsHidden && a.Topic.LatestAt >= since)))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(_options.RestoreMaxArticles)
            .Select(a => new PendingArticle(a.Id, a.TopicId, a.Title, (a.Text ?? a.SummaryHtml ?? "").Substring(0, length), a.Url, a.Source!.Name, a.Source.Kind == SourceKind.Community, a.PublishedAt))
            .ToListAsync(cancellationToken);
        rows.Reverse();
        var replayed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            _state.Engine.Restore(row.TopicId!, ToInput(row));
            replayed.Add(row.TopicId!);
        }

        var accepting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in replayed.Chunk(2000))
        {
            accepting.UnionWith(await open.Where(t => chunk.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken));
        }

        foreach (var id in replayed.Where(id => !accepting.Contains(id)))
        {
            _state.Engine.Remove(id);
        }

        _state.KnownTopics.UnionWith(accepting);

        // Topics the engine split apart stay apart (oldest split first, so a chain of splits shares one lineage). The
        // engine passes over pairs it did not restore.
        var splits = await open.Where(t => t.SplitFromId != null)
            .OrderBy(t => t.SplitAt).ThenBy(t => t.Id)
            .Select(t => new { t.Id, From = t.SplitFromId! })
            .ToListAsync(cancellationToken);
        foreach (var split in splits)
        {
            _state.Engine.KeepApart(split.From, split.Id);
        }

        _state.RestoreLearned();

        // Closes and merges the engine reports while replaying are already in the database.
        _state.Engine.TakeMerges();
        _state.Engine.TakeSplits();
        _state.Engine.TakeClosed();
        _state.Restored = true;
        _logger.LogInformation("Clustering engine restored with {Articles} articles; {Topics} of their topics are open", rows.Count, _state.KnownTopics.Count);
    }

    /// <summary>Editors hid or merged these topics: the engine must stop offering them to new articles.</summary>
    private async Task ForgetRemovedTopicsAsync(CancellationToken cancellationToken)
    {
        if (_state.KnownTopics.Count == 0)
        {
            return;
        }

        var removed = new List<string>();
        foreach (var chunk in _state.KnownTopics.Chunk(2000))
        {
            removed.AddRange(await _db.Topics.AsNoTracking()
                .Where(t => chunk.Contains(t.Id) && (t.IsHidden || t.MergedIntoId != null))
                .Select(t => t.Id)
                .ToListAsync(cancellationToken));
        }

        foreach (var id in removed)
        {
            _state.Engine.Remove(id);
            _state.KnownTopics.Remove(id);
            _logger.LogInformation("Topic {TopicId} hidden or merged by an editor; the engine forgets it", id);
        }
    }

    private Task<List<PendingArticle>> LoadPendingAsync(CancellationToken cancellationToken)
    {
        var length = ArticleReader.TextLength;
        return _db.Articles.AsNoTracking()
            .Where(a => a.TopicId == null && a.ClusteredAt == null)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Take(_options.BatchSize)
            .Select(a => new PendingArticle(a.Id, null, a.Title, (a.Text ?? a.SummaryHtml ?? "").Substring(0, length), a.Url, a.Source!.Name, a.Source.Kind == SourceKind.Community, a.PublishedAt))
            .ToListAsync(cancellationToken);
    }

    private async Task<BatchOutcome> ProcessBatchAsync(List<PendingArticle> batch, CancellationToken cancellationToken)
    {
        // Topics the engine may still offer but the database no longer accepts (deleted, hidden, merged).
        var assignments = new List<(PendingArticle Article, ClusterAssignment Assignment)>(batch.Count);
        var created = new HashSet<string>(StringComparer.Ordinal);
        // What the topics' recompute reads of each new article (its tags, categories, content signal) depends on the
        // article alone: it is read on another core while the engine places the batch.
        var ids = batch.ConvertAll(a => a.Id);
        var stored = await _db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        var reading = Task.Run(() => stored.ForEach(a => _facts.For(a)), cancellationToken);
        foreach (var article in batch)
        {
            _state.Engine.Add(ToInput(article));
        }

        // The batch's articles choose again now that the whole batch is known; these are the final assignments.
        var settled = _state.Engine.Settle();
        for (var i = 0; i < batch.Count; i++)
        {
            if (settled[i].IsNewTopic)
            {
                created.Add(settled[i].TopicId);
            }

            assignments.Add((batch[i], settled[i]));
        }

        var referenced = assignments.Select(a => a.Assignment.TopicId).Where(id => !created.Contains(id)).Distinct().ToList();
        var accepting = (await _db.Topics.AsNoTracking()
                .Where(t => referenced.Contains(t.Id) && !t.IsHidden && t.MergedIntoId == null)
                .Select(t => t.Id).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < assignments.Count; i++)
        {
            var (article, assignment) = assignments[i];
            var attempts = 0;
            while (!assignment.IsNewTopic && !created.Contains(assignment.TopicId) && !accepting.Contains(assignment.TopicId) && attempts++ < 3)
            {
                _logger.LogInformation("Topic {TopicId} no longer accepts articles; the engine forgets it", assignment.TopicId);
                _state.Engine.Remove(assignment.TopicId);
                _state.KnownTopics.Remove(assignment.TopicId);
                _state.Engine.Add(ToInput(article));
                assignment = _state.Engine.Settle()[0];
                if (assignment.IsNewTopic)
                {
                    created.Add(assignment.TopicId);
                }
            }

            assignments[i] = (article, assignment);
        }

        // Still refused after retries: leave the article pending for the next run rather than fail the batch.
        assignments.RemoveAll(a => !a.Assignment.IsNewTopic && !created.Contains(a.Assignment.TopicId) && !accepting.Contains(a.Assignment.TopicId));

        await reading;
        var engineMerges = _state.Engine.TakeMerges();
        var engineSplits = _state.Engine.TakeSplits();
        var engineClosed = _state.Engine.TakeClosed();
        var touched = new HashSet<string>(assignments.Select(a => a.Assignment.TopicId), StringComparer.Ordinal);
        try
        {
            var outcome = await PersistAsync(assignments, stored.ToDictionary(a => a.Id), created, engineMerges, engineSplits, engineClosed, touched, cancellationToken);
            _state.KnownTopics.UnionWith(created);
            _state.KnownTopics.UnionWith(engineSplits.Select(s => s.NewTopicId));
            foreach (var merge in engineMerges)
            {
                _state.KnownTopics.Remove(merge.FromTopicId);
            }

            _state.KnownTopics.ExceptWith(engineClosed);
            _state.SaveLearned();

            return outcome;
        }
        catch (LeadershipLostException)
        {
            _logger.LogWarning("Clustering batch of {Count} articles rolled back: another process leads clustering now", batch.Count);
            _state.Reset();
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A stop while the batch was being stored: rolled back like a failure, but nothing went wrong.
            _logger.LogInformation("Clustering batch of {Count} articles stopped by shutdown and rolled back; the next start takes it up again", batch.Count);
            _state.Reset();
            throw;
        }
        catch (Exception ex)
        {
            // The engine already holds this batch; the database does not. Start over from the database next run.
            _logger.LogError(ex, "Clustering batch of {Count} articles failed and was rolled back; the engine will be rebuilt", batch.Count);
            _state.Reset();
            throw;
        }
    }

    private async Task<BatchOutcome> PersistAsync(List<(PendingArticle Article, ClusterAssignment Assignment)> assignments, Dictionary<long, Article> stored,
        HashSet<string> created, IReadOnlyList<TopicMerge> engineMerges, IReadOnlyList<TopicSplit> engineSplits, IReadOnlyList<string> engineClosed,
        HashSet<string> touched, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        // Released after the transaction ends (disposed in reverse order), committed or rolled back.
        using var storing = Leadership is { } holder ? await holder.StoringAsync(cancellationToken) : null;
        await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);

        var alreadyStored = (await _db.Topics.Where(t => created.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        // A new topic that this batch's merges and splits leave alone holds exactly its articles of the batch: it is
        // written once, complete, and needs no recompute. The others are stored bare and recomputed once reshaped.
        var reshaped = engineMerges.SelectMany(m => new[] { m.FromTopicId, m.IntoTopicId })
            .Concat(engineSplits.SelectMany(s => new[] { s.FromTopicId, s.NewTopicId }))
            .ToHashSet(StringComparer.Ordinal);
        var composed = new List<(Topic Topic, IReadOnlyList<Article> Members)>();
        foreach (var group in assignments.Where(a => created.Contains(a.Assignment.TopicId) && !alreadyStored.Contains(a.Assignment.TopicId))
            .GroupBy(a => a.Assignment.TopicId, StringComparer.Ordinal))
        {
            var first = group.First().Article;
            var topic = NewTopic(group.Key, first.Title, first.SourceName, first.PublishedAt, now);
            if (reshaped.Contains(group.Key))
            {
                _db.Topics.Add(topic);
            }
            else
            {
                composed.Add((topic, [.. group.Select(a => stored[a.Article.Id])]));
            }
        }

        await _updater.ComposeAsync(_db, composed, cancellationToken);
        if (composed.Count > 0)
        {
            await using var insert = new TopicInsert(_db);
            foreach (var (topic, _) in composed)
            {
                await insert.RunAsync(topic, cancellationToken);
            }

            _db.AddRange(composed.SelectMany(c => c.Topic.Tags));
        }

        await _db.SaveChangesAsync(cancellationToken);
        // Nothing below needs them tracked, and every later save would look through them all again.
        _db.ChangeTracker.Clear();

        var complete = composed.Select(c => c.Topic.Id).ToHashSet(StringComparer.Ordinal);
        var assigned = 0;
        await using (var assign = new ArticleAssignment(_db, now))
        {
            foreach (var (article, assignment) in assignments)
            {
                var topicId = assignment.TopicId;
                int? importance = complete.Contains(topicId) ? stored[article.Id].Importance : null;
                if (await assign.RunAsync(article.Id, topicId, importance, cancellationToken))
                {
                    assigned++;
                }
                else
                {
                    // Claimed elsewhere first: the topic as composed counted it, so it is recomputed from what it holds.
                    complete.Remove(topicId);
                }
            }
        }

        var merges = 0;
        foreach (var merge in engineMerges)
        {
            if (await ApplyMergeAsync(merge, now, cancellationToken))
            {
                merges++;
            }

            _db.ChangeTracker.Clear();

            touched.Add(merge.FromTopicId);
            touched.Add(merge.IntoTopicId);
        }

        // Splits come last: the engine makes them when a batch settles, after the batch's merges.
        var splits = 0;
        foreach (var split in engineSplits)
        {
            if (await ApplySplitAsync(split, now, cancellationToken))
            {
                splits++;
                touched.Add(split.FromTopicId);
                touched.Add(split.NewTopicId);
            }

            _db.ChangeTracker.Clear();
        }

        var closed = engineClosed.Count == 0 ? 0 : await _db.Topics
            .Where(t => engineClosed.Contains(t.Id) && t.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClosedAt, now), cancellationToken);

        // A topic created for an article another process claimed first would stay empty: drop it.
        var emptyNew = await _db.Topics.Where(t => created.Contains(t.Id) && !alreadyStored.Contains(t.Id) && !_db.Articles.Any(a => a.TopicId == t.Id)).Select(t => t.Id).ToListAsync(cancellationToken);
        if (emptyNew.Count > 0)
        {
            await _db.Topics.Where(t => emptyNew.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
            foreach (var id in emptyNew)
            {
                _state.Engine.Remove(id);
                created.Remove(id);
                touched.Remove(id);
            }
        }

        _db.ChangeTracker.Clear();
        complete.IntersectWith(created);
        var stale = touched.Where(id => !complete.Contains(id)).ToList();
        var existingTouched = await _db.Topics.Where(t => stale.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken);
        // Articles joined or left them: an editor's change based on the membership read before is then refused.
        await _db.Topics.Where(t => existingTouched.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.Version, t => t.Version + 1), cancellationToken);
        await _updater.RecomputeAsync(_db, existingTouched, cancellationToken);
        existingTouched.AddRange(complete);
        // Renewed last, so the lease row stays locked only for the commit (a competitor's takeover waits for it).
        if (Leadership is { } leadership && !await leadership.HoldAsync(_db, cancellationToken))
        {
            throw new LeadershipLostException();
        }

        await transaction.CommitAsync(cancellationToken);

        foreach (var id in created)
        {
            _logger.LogDebug("New topic {TopicId}", id);
        }

        return new BatchOutcome(assigned, created.Count - alreadyStored.Count, merges, splits, closed, existingTouched);
    }

    /// <summary>
    /// Applies one of the engine's merges unless an editor owns either topic (editor decisions hold). Articles an
    /// editor placed stay where they are; a topic left holding such articles stays a topic of its own.
    /// </summary>
    private async Task<bool> ApplyMergeAsync(TopicMerge merge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pair = await _db.Topics.Where(t => t.Id == merge.FromTopicId || t.Id == merge.IntoTopicId).ToListAsync(cancellationToken);
        var from = pair.FirstOrDefault(t => t.Id == merge.FromTopicId);
        var into = pair.FirstOrDefault(t => t.Id == merge.IntoTopicId);
        if (from is null || into is null || from.MergedIntoId is not null || into.MergedIntoId is not null || into.IsHidden || from.IsEditorOwned)
        {
            _logger.LogInformation("Engine merge of topic {TopicId} into {IntoTopicId} not applied (missing, merged, hidden or edited)", merge.FromTopicId, merge.IntoTopicId);
            return false;
        }

        await _db.Articles.Where(a => a.TopicId == from.Id && !a.PlacedByEditor)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.TopicId, into.Id), cancellationToken);
        if (await _db.Articles.AnyAsync(a => a.TopicId == from.Id, cancellationToken))
        {
            _logger.LogInformation("Topic {TopicId} keeps articles an editor placed; the rest joined {IntoTopicId}", from.Id, into.Id);
            return true;
        }

        from.MergedIntoId = into.Id;
        from.ClosedAt ??= now;
        from.UpdatedAt = now;
        await _db.SaveChangesAsync(cancellationToken);
        // Keep redirects one hop long.
        await _db.Topics.Where(t => t.MergedIntoId == from.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.MergedIntoId, into.Id), cancellationToken);
        _logger.LogInformation("Topic {TopicId} merged into {IntoTopicId}", from.Id, into.Id);
        return true;
    }

    /// <summary>
    /// Applies one of the engine's splits: the articles it names leave their topic for a new one, which keeps what the
    /// engine decided for the newer articles too. Not applied to a topic an editor owns, merged away or hid (editor
    /// decisions hold; the engine's new part then simply goes on as a topic of its own), and articles an editor placed
    /// stay where they are.
    /// </summary>
    private async Task<bool> ApplySplitAsync(TopicSplit split, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = await _db.Topics.FirstOrDefaultAsync(t => t.Id == split.FromTopicId, cancellationToken);
        if (from is null || from.MergedIntoId is not null || from.IsEditorOwned)
        {
            _logger.LogInformation("Engine split of topic {TopicId} into {NewTopicId} not applied (missing, merged, hidden or edited)", split.FromTopicId, split.NewTopicId);
            return false;
        }

        var part = await _db.Topics.FirstOrDefaultAsync(t => t.Id == split.NewTopicId, cancellationToken);
        if (part is { MergedIntoId: not null } || part is { IsHidden: true })
        {
            _logger.LogWarning("Engine split of topic {TopicId} not applied: the new id {NewTopicId} is already taken", split.FromTopicId, split.NewTopicId);
            return false;
        }

        var ids = split.ArticleIds.Select(id => long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(id => id > 0).ToList();
        var leaving = _db.Articles.Where(a => ids.Contains(a.Id) && a.TopicId == from.Id && !a.PlacedByEditor);
        if (part is null)
        {
            var first = await leaving.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
                .Select(a => new { a.Title, SourceName = a.Source!.Name, a.PublishedAt })
                .FirstOrDefaultAsync(cancellationToken);
            if (first is null)
            {
                return false;
            }

            part = NewTopic(split.NewTopicId, first.Title, first.SourceName, first.PublishedAt, now);
            _db.Topics.Add(part);
        }

        // The page of each says where the other part went.
        part.SplitFromId ??= from.Id;
        part.SplitAt ??= now;
        await _db.SaveChangesAsync(cancellationToken);
        var moved = await leaving.ExecuteUpdateAsync(s => s.SetProperty(a => a.TopicId, split.NewTopicId), cancellationToken);
        _logger.LogInformation("Topic {TopicId} split: topic {NewTopicId} takes {Count} of its stored articles and this batch's reports of its story",
            from.Id, split.NewTopicId, moved);
        return true;
    }

    // A topic as first stored, headed by its earliest article until TopicUpdater recomputes it.
    private static Topic NewTopic(string id, string title, string sourceName, DateTimeOffset publishedAt, DateTimeOffset now)
    {
        var headline = TopicUpdater.CleanHeadline(title, sourceName);
        return new Topic
        {
            Id = id,
            Slug = Slug.From(headline, "topic"),
            Headline = headline,
            CreatedAt = now,
            UpdatedAt = now,
            EarliestAt = publishedAt,
            LatestAt = publishedAt,
        };
    }

    private async Task SummarizeWithLlmAsync(IReadOnlyCollection<string> topicIds, CancellationToken cancellationToken)
    {
        if (topicIds.Count == 0)
        {
            return;
        }

        await _llm.SummarizeTopicsAsync(_db, topicIds, cancellationToken);
        _db.ChangeTracker.Clear();
    }

    private static ClusterInput ToInput(PendingArticle article)
    {
        var text = PlainText.FromHtml(article.Text);
        return new ClusterInput(
            article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            article.Title,
            text.Length == 0 ? null : text,
            article.Url,
            // The feed, not its owner: the engine learns each feed's template (words in most of its items) to leave
            // it out, and one owner's feeds wrap their items differently (Hacker News's front page in "Article URL
            // ... Points ... Comments", its best-of feed in nothing at all).
            article.SourceName,
            article.PublishedAt,
            article.FromCommunity);
    }

    private sealed record PendingArticle(long Id, string? TopicId, string Title, string Text, string Url, string SourceName, bool FromCommunity, DateTimeOffset PublishedAt);

    private sealed record BatchOutcome(int Assigned, int NewTopics, int Merges, int Splits, int Closed, IReadOnlyCollection<string> Touched);
}
