using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Aggregator.Web.Clustering.Engine.Text;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering.Engine;

/// <summary>
/// Online, incremental story clustering in the manner of Google News and Miranda et al. (EMNLP 2018): each article
/// is compared with the open topics that share its heaviest terms (found through an inverted index, never a scan)
/// and joins the most similar one above <see cref="StoryClustererOptions.JoinThreshold"/>, or founds a new topic.
/// Articles are TF-IDF vectors (IDF learned online, headline and entity terms weighted up); a topic is the sum of
/// its members' unit vectors, re-weighted with the current IDF whenever it is compared, so early topics benefit
/// from what the engine learns later. Similarity decays with the time since a topic last grew; topics idle for
/// <see cref="StoryClustererOptions.CloseAfter"/> are closed and evicted, so memory depends on how many stories are
/// open, not on how many articles were ever seen. As topics grow they are compared with their neighbours and merged
/// when their centroids converge. Deterministic: the same input in the same order gives the same topics and ids.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed partial class StoryClusterer : IStoryClusterer
{
    private const int DfBits = 21;
    private const int DfMask = (1 << DfBits) - 1;
    private const int MergeCandidates = 8;
    private const int MaxPostingsScanned = 200;
    private const int MaxMergesPerCheck = 4;
    private const int MaxPending = 100_000;

    private readonly StoryClustererOptions _options;
    private readonly ArticleReader _reader;
    private readonly int[] _df = new int[1 << DfBits];
    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<Topic>> _index = [];
    private readonly LinkedList<Topic> _byActivity = new();
    private readonly List<Topic> _ranked = [];
    private readonly PriorityQueue<Topic, Topic> _heap = new(Comparer<Topic>.Create(static (a, b) => ByOverlap(b, a)));
    private long _lookup;

    // Counts changes to topics; a topic keeps the count of its latest (see IsSettled).
    private long _changes;

    // Counts growth checks (see Refresh), which may prune, re-index and merge topics.
    private long _refreshes;

    // The fingerprint of the candidates the last JoinBest weighed, the chosen topic left out, and the change count
    // right after the article joined: what its growth check changed next (pruning, re-indexing, merging) came later.
    private ulong _joinCandidates;
    private long _joined;
    private readonly List<TopicMerge> _merges = [];
    private readonly List<string> _closed = [];
    private readonly List<PendingArticle> _pending = [];
    private readonly Dictionary<string, SourceVocabulary> _sources = new(StringComparer.Ordinal);

    // The vectors of the pending articles, packed one after another (no allocation per article). Room for a batch of
    // a thousand headlines from the start: arrays this size live in the large-object heap, and growing them there
    // mid-batch set off a full collection.
    private const int PendingCapacity = 32768;
    private readonly PackedVectors _pendingVectors = new(PendingCapacity);
    private float[] _lastContribution = new float[256];
    private long _settledSequence;
    private long _dfTotal;

    // The current article: term hashes, raw term frequencies and TF-IDF weights.
    private int[] _vectorTerms = new int[256];
    private float[] _vectorTf = new float[256];
    private float[] _vectorWeights = new float[256];
    private float[] _vectorIdf = new float[256];
    private double[] _vectorBeta = new double[256];
    private int[] _vectorCount = new int[256];
    private int[] _bodyOrder = new int[256];
    private long[] _sortKeys = new long[256];
    private float[] _vectorTitleTf = new float[256];
    private float[] _lastTitleContribution = new float[256];
    private double _titleNorm;
    private int _vectorTokens;
    private int _vocabulary;
    private long _openArticles;
    private double _activity;
    private long _activityTicks;

    // How far the stream had come when the batch being added began (see ActivityAt); set by the batch's first article.
    private long _streamFloorTicks = long.MinValue;
    private bool _batchStarted;
    private const int PaceBinsPerOctave = 4;
    private const int PaceBins = 1 + (26 * PaceBinsPerOctave);
    private const int PaceWarmUp = 100;
    private const int PaceRefreshEvery = 10;
    private const int PaceForgetEvery = 20_000;
    private readonly double[] _paceHistogram = new double[PaceBins];
    private long _paceObservations;
    private long _paceTicks;
    private int _vectorLength;
    private double _vectorNorm;

    private int[] _rankHashes = new int[256];
    private RankKey[] _rankKeys = new RankKey[256];

    private long _articles;
    private double _logDocuments;
    private static readonly double[] LogTable = Enumerable.Range(0, 1 << 16).Select(n => Math.Log(n)).ToArray();
    private long _nowTicks;
    private bool _hasTime;
    private long _topicSequence;

    // During a second look, the topic the carried article is alone in (and leaves to choose again); null otherwise.
    private Topic? _lookingFrom;

    public StoryClusterer(IOptions<StoryClustererOptions> options)
        : this(options.Value)
    {
    }

    public StoryClusterer(StoryClustererOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _reader = new ArticleReader(options);
        _paceTicks = options.StoryPace.Ticks;
        _logDocuments = LogDocuments();

        // The counts are read before they are first written, so the system would map each page of the (fresh, all
        // zero) table to a shared zero page on the first read and copy it on the first write, flushing the other
        // cores' address caches each time: thousands of such faults spread over the first articles. Writing the
        // table once maps every page straight away.
        Array.Fill(_df, 0);
    }

    /// <summary>Topics currently open (held in memory).</summary>
    public int OpenTopicCount => _topics.Count;

    /// <summary>
    /// Whether a settle sweep keeps, without weighing them again, the choices the previous sweep made that nothing
    /// since can have changed. Off only to check that keeping them gives the same topics.
    /// </summary>
    internal bool KeepSettledChoices { get; set; } = true;

    /// <summary>Choices kept that way so far.</summary>
    internal long KeptChoices { get; private set; }

    /// <summary>How often a topic's terms were cut back to the heaviest (see <see cref="StoryClustererOptions.MaxCentroidTerms"/>).</summary>
    internal long Prunes { get; private set; }

    /// <summary>Articles seen since start (added or restored).</summary>
    public long ArticleCount => _articles;

    public ClusterAssignment Add(ClusterInput article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var length = _reader.ReadInto(article);
        return Add(article, _reader.Hashes(length), _reader.Weights(length), _reader.TitleCounts(length));
    }

    /// <summary>
    /// As <see cref="Add(ClusterInput)"/>, for an article already read by an <see cref="ArticleReader"/> made with the
    /// same options (on another thread, say): the result is the same.
    /// </summary>
    public ClusterAssignment Add(ArticleTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return Add(terms.Article, terms.Hashes, terms.Weights, terms.TitleCounts);
    }

    /// <summary>A reader for <see cref="Add(ArticleTerms)"/>, with this engine's options.</summary>
    public ArticleReader CreateReader() => new(_options);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ClusterAssignment Add(ClusterInput article, ReadOnlySpan<int> hashes, ReadOnlySpan<float> weights, ReadOnlySpan<int> titleCounts)
    {
        if (!_batchStarted)
        {
            _batchStarted = true;
            _streamFloorTicks = _activityTicks;
        }

        var ticks = Observe(article, hashes, weights, titleCounts);
        CloseIdleTopics();
        if (ticks is { } at && at < _streamFloorTicks)
        {
            CloseIdleTopicsBehind(at);
        }

        var (topic, score, created) = JoinBest(article.Id, ticks);
        if (!created)
        {
            ObservePace(topic, ticks);
        }
        if (_pending.Count >= MaxPending)
        {
            // A caller that never settles gets plain online assignments, and memory stays bounded.
            CommitMembers();
            _splitCheck.Clear();
            ClearPending();
        }

        var offset = PackCurrent(_pendingVectors);
        _pending.Add(new PendingArticle(article.Id, ticks, offset, _vectorLength, _vectorTokens, topic, score, 0, 0));
        return new ClusterAssignment(article.Id, topic.Id, created, Math.Min(1.0, score));
    }

    /// <summary>
    /// Re-examines the articles added since the last call: in a few sweeps over them, each leaves its topic and joins
    /// the best one again, now that the whole batch is known (streaming mixture models do the same per batch). Returns
    /// their final assignments in the order they were added; topics emptied on the way were never shown and vanish.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<ClusterAssignment> Settle()
    {
        var batch = _pending.Count;
        for (var sweep = 0; sweep < _options.SettleSweeps && _pending.Count > 1; sweep++)
        {
            var moved = 0;
            var pending = CollectionsMarshal.AsSpan(_pending);
            for (var i = 0; i < pending.Length; i++)
            {
                moved += ChooseAgain(ref pending[i], keepIfSettled: sweep > 0 && KeepSettledChoices) ? 1 : 0;
            }

            if (moved == 0)
            {
                break;
            }
        }

        LookAgain();
        RecordSecondLooks(batch);
        CommitMembers();
        var parts = CheckSplits();
        var settled = new ClusterAssignment[batch];
        for (var i = 0; i < batch; i++)
        {
            var article = _pending[i];
            var topic = parts is not null && parts.TryGetValue(article.Id, out var part) ? Live(part) ?? part : Live(article.Topic) ?? article.Topic;
            var isNew = topic.Sequence >= _settledSequence;
            settled[i] = new ClusterAssignment(article.Id, topic.Id, isNew, isNew ? 0 : Math.Min(1.0, article.Score));
        }

        KeepLone();
        ClearPending();
        _settledSequence = _topicSequence;
        return settled;
    }

    // One article of a settle leaves its topic and chooses again (or keeps its choice when nothing it weighed can have
    // changed since, see IsSettled). Returns whether it moved.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ChooseAgain(ref PendingArticle article, bool keepIfSettled)
    {
        var from = Live(article.Topic);
        if (from is null)
        {
            return false;
        }

        Load(in article);
        var looked = false;
        _lookingFrom = article.Carried is not null ? from : null;
        if (keepIfSettled && IsSettled(in article, from, out looked))
        {
            // As if it had left and joined again: the topic counts as just touched.
            _lookingFrom = null;
            KeptChoices++;
            Touch(from);
            return false;
        }

        var (changed, sequence, lineage, alone, refreshes) = (from.Changed, from.Sequence, from.Lineage, from.Size == 1, _refreshes);
        var whole = RemoveFromTopic(from, in article);

        // The candidates IsSettled looked up still stand unless the article's leaving closed its topic.
        var (to, score, _) = JoinBest(article.Id, article.Ticks, looked && from.IsOpen);
        _lookingFrom = null;
        KeepContribution(article.Offset);
        var moved = true;
        if (whole && _refreshes == refreshes && (ReferenceEquals(to, from) || (alone && to.Size == 1 && to.Id == from.Id)))
        {
            // It chose as before, and its topic is as it was (an article alone in its topic founded the same one
            // again, which keeps its place in the order of topics).
            to.Changed = changed;
            to.Sequence = sequence;
            to.Lineage = lineage;
            moved = false;
        }

        article.Topic = to;
        article.Score = score;
        article.Evaluated = _joined;
        article.Candidates = _joinCandidates;
        return moved;
    }

    // Whether an article loaded into the current vector would choose as it did in the previous sweep, so that
    // sweep's choice stands: within a settle nothing but topics changes (no new articles, so the same IDF, vocabulary,
    // pace and clock), and its choice depends only on the topics it weighs. They are the same topics, none changed
    // since it chose, and its own topic changed only by its joining.
    // Sets looked when it left the article's candidates in _ranked.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool IsSettled(in PendingArticle article, Topic topic, out bool looked)
    {
        looked = false;
        if (article.Evaluated == 0 || topic.Changed > article.Evaluated)
        {
            return false;
        }

        if (_vectorNorm <= 0)
        {
            return true;
        }

        FindCandidates();
        looked = true;
        var fingerprint = 0UL;
        var found = topic.Size == 1;
        foreach (var candidate in _ranked)
        {
            found |= ReferenceEquals(candidate, topic);
            if (candidate.Changed > article.Evaluated)
            {
                return false;
            }

            fingerprint += ReferenceEquals(candidate, topic) ? 0 : Fingerprint(candidate);
        }

        return found && fingerprint == article.Candidates;
    }

    // A topic's share of a candidate set's fingerprint: sums of these are equal only for equal sets, but for chance.
    private static ulong Fingerprint(Topic topic) => Mix((ulong)topic.Sequence + 0x9E3779B97F4A7C15UL);

    // Ends the batch: settled, or dropped by a caller that never settles (whose next article then starts a new one).
    private void ClearPending()
    {
        _pending.Clear();
        _pendingVectors.Clear();
        _batchStarted = false;
    }

    // Packs the current vector and what it just added to its topic into the given set; returns where it starts.
    private int PackCurrent(PackedVectors into)
    {
        var offset = into.Reserve(_vectorLength);
        _vectorTerms.AsSpan(0, _vectorLength).CopyTo(into.Terms.AsSpan(offset));
        _vectorTf.AsSpan(0, _vectorLength).CopyTo(into.Tf.AsSpan(offset));
        _vectorCount.AsSpan(0, _vectorLength).CopyTo(into.Counts.AsSpan(offset));
        _vectorTitleTf.AsSpan(0, _vectorLength).CopyTo(into.TitleTf.AsSpan(offset));
        _lastContribution.AsSpan(0, _vectorLength).CopyTo(into.Contribution.AsSpan(offset));
        _lastTitleContribution.AsSpan(0, _vectorLength).CopyTo(into.TitleContribution.AsSpan(offset));
        return offset;
    }

    // Records what the current vector just added to its topic, so it can be taken out again.
    private void KeepContribution(int offset)
    {
        _lastContribution.AsSpan(0, _vectorLength).CopyTo(_pendingVectors.Contribution.AsSpan(offset));
        _lastTitleContribution.AsSpan(0, _vectorLength).CopyTo(_pendingVectors.TitleContribution.AsSpan(offset));
    }

    // The topic an article of the batch now belongs to, following merges; null when it was closed or removed.
    private static Topic? Live(Topic topic)
    {
        while (topic.MergedInto is { } into)
        {
            topic = into;
        }

        return topic.IsOpen ? topic : null;
    }

    // Puts a pending article back into the current-vector buffers, weighted with the current IDF.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Load(in PendingArticle article)
    {
        EnsureVectorCapacity(article.Length);
        _vectorLength = article.Length;
        _vectorTokens = article.Tokens;
        _pendingVectors.Terms.AsSpan(article.Offset, article.Length).CopyTo(_vectorTerms);
        _pendingVectors.Tf.AsSpan(article.Offset, article.Length).CopyTo(_vectorTf);
        _pendingVectors.Counts.AsSpan(article.Offset, article.Length).CopyTo(_vectorCount);
        _pendingVectors.TitleTf.AsSpan(article.Offset, article.Length).CopyTo(_vectorTitleTf);
        WeighVector();
    }

    // TF-IDF weights and norms of the current vector under the current IDF.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WeighVector()
    {
        var norm = 0.0;
        for (var i = 0; i < _vectorLength; i++)
        {
            var idf = Idf(_vectorTerms[i]);
            var weight = _vectorTf[i] * idf;
            _vectorIdf[i] = (float)idf;
            _vectorBeta[i] = PriorCount(_vectorTerms[i]);
            _vectorWeights[i] = (float)weight;
            norm += weight * weight;
        }

        _vectorNorm = Math.Sqrt(norm);
        _titleNorm = TitleNorm();
    }

    private double TitleNorm()
    {
        var sum = 0.0;
        for (var i = 0; i < _vectorLength; i++)
        {
            var weight = _vectorTitleTf[i] * _vectorIdf[i];
            sum += weight * weight;
        }

        return Math.Sqrt(sum);
    }

    // Takes a pending article out of its topic. Returns whether all of it was still there to take: a topic pruned
    // since the article joined has lost some of its words, and joining again would give them back.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RemoveFromTopic(Topic topic, in PendingArticle article)
    {
        var whole = true;
        var tracked = topic.Body.Version == topic.Version;
        var squared = topic.Body.Squared;
        var titleTracked = topic.Headline.Version == topic.Version;
        var titleSquared = topic.Headline.Squared;
        var terms = topic.Terms;
        var offset = article.Offset;
        var vectors = _pendingVectors;
        for (var i = 0; i < article.Length; i++)
        {
            var slot = terms.Find(vectors.Terms[offset + i]);
            if (slot < 0)
            {
                whole = false;
                continue;
            }

            ref var entry = ref terms.Slots[slot];
            whole &= entry.Count >= vectors.Counts[offset + i]
                && (entry.Mass > 0 || vectors.Contribution[offset + i] <= 0)
                && (entry.Title > 0 || vectors.TitleContribution[offset + i] <= 0);
            if (entry.Mass > 0)
            {
                var before = entry.Mass;
                var after = Subtract(before, vectors.Contribution[offset + i]);
                entry.Mass = after;
                var idf = (double)_vectorIdf[i];
                squared += ((after * after) - (before * before)) * idf * idf;
            }

            var titleContribution = vectors.TitleContribution[offset + i];
            if (titleContribution > 0 && entry.Title > 0)
            {
                var before = entry.Title;
                var after = Subtract(before, titleContribution);
                entry.Title = after;
                var idf = (double)_vectorIdf[i];
                titleSquared += ((after * after) - (before * before)) * idf * idf;
            }

            entry.Count = Math.Max(0, entry.Count - vectors.Counts[offset + i]);
            terms.RemoveIfEmpty(slot);
        }

        whole &= topic.Tokens >= article.Tokens;
        topic.Tokens = Math.Max(0, topic.Tokens - article.Tokens);
        topic.Size--;
        topic.Version++;
        topic.Changed = ++_changes;
        TrackNorms(topic, tracked, squared, titleTracked, titleSquared);
        _openArticles--;
        var at = article.Ticks ?? _nowTicks;
        (topic.Activity, topic.ActivityTicks) = AddActivity(topic.Activity, topic.ActivityTicks, at, -1);
        (_activity, _activityTicks) = AddActivity(_activity, _activityTicks, at, -1);
        topic.Activity = Math.Max(0, topic.Activity);
        _activity = Math.Max(0, _activity);
        if (topic.Size == 0)
        {
            Evict(topic);
        }

        return whole;
    }

    // Takes an article's share out of a centroid term's mass; a term left with (almost) nothing goes to zero.
    private static float Subtract(float before, float amount)
    {
        var after = before - amount;
        return after > 1e-6f ? after : 0;
    }

    // Chooses the topic for the article in the current-vector buffers, joins it (or founds one) and returns it.
    // looked: the article's candidates are already in _ranked (see IsSettled).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (Topic Topic, double Score, bool Created) JoinBest(string articleId, long? ticks, bool looked = false)
    {
        Topic? best = null;
        var bestScore = 0.0;
        var mixture = _options.JoinRule == JoinRule.Mixture;
        var candidates = 0UL;
        if (_vectorNorm > 0)
        {
            if (!looked)
            {
                FindCandidates();
            }

            foreach (var topic in _ranked)
            {
                candidates += Fingerprint(topic);
            }

            if (mixture)
            {
                (best, bestScore) = ChooseByMixture(ticks);

                // A reworded report of a story can hold enough new words for the mixture to prefer a new topic while
                // its TF-IDF centroid match is unmistakable; such a match still joins. Only then are centroids compared.
                if (best is null && _lookingFrom is null && Closest(ticks) is { Topic: { } closest, Score: var closeness } && closeness >= _options.MixtureCosineOverride)
                {
                    (best, bestScore) = (closest, closeness);
                }
            }
            else
            {
                (best, bestScore) = Closest(ticks);
            }
        }

        if (best is null || (_options.JoinRule == JoinRule.Cosine && bestScore < _options.JoinThreshold))
        {
            _joinCandidates = candidates;
            // On a second look an article that stays alone keeps its topic's id, which may have come from elsewhere
            // (a restored topic's, or one a split gave).
            var created = CreateTopic(_lookingFrom?.Id ?? NewTopicId(articleId));
            AddToTopic(created, ticks);
            _joined = _changes;
            return (created, 0, true);
        }

        _joinCandidates = candidates - Fingerprint(best);
        AddToTopic(best, ticks);
        _joined = _changes;
        var final = best.Size >= best.NextCheck ? Refresh(best, allowMerge: true) : best;
        return (final, bestScore, false);
    }

    // The candidate with the most similar centroid (cosine, time decay and size prior), if any shares a term.
    private (Topic? Topic, double Score) Closest(long? ticks)
    {
        Topic? best = null;
        var bestScore = 0.0;
        foreach (var topic in _ranked)
        {
            var score = Cosine(topic) * Decay(ticks, topic) * SizePrior(topic.Size);
            if (score > bestScore || (score == bestScore && best is not null && topic.Sequence < best.Sequence))
            {
                best = topic;
                bestScore = score;
            }
        }

        return (best, bestScore);
    }

    public void Restore(string topicId, ClusterInput article)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicId);
        ArgumentNullException.ThrowIfNull(article);
        var length = _reader.ReadInto(article);
        var ticks = Observe(article, _reader.Hashes(length), _reader.Weights(length), _reader.TitleCounts(length));
        if (!_topics.TryGetValue(topicId, out var topic))
        {
            topic = CreateTopic(topicId);
        }

        AddToTopic(topic, ticks);
        Remember(topic, CurrentMember(article.Id, ticks));
        if (topic.Size > 1)
        {
            ObservePace(topic, ticks);
        }
        else if (_options.SecondLook)
        {
            // Alone in its topic: it goes on looking for its story after a restart as it would have without one.
            CarryRestored(article.Id, ticks, topic);
        }

        if (topic.Size >= topic.NextCheck)
        {
            Refresh(topic, allowMerge: false);
        }
    }

    public IReadOnlyList<TopicMerge> TakeMerges()
    {
        var merges = _merges.ToArray();
        _merges.Clear();
        return merges;
    }

    public IReadOnlyList<TopicSplit> TakeSplits()
    {
        var splits = _splits.ToArray();
        _splits.Clear();
        return splits;
    }

    public IReadOnlyList<string> TakeClosed()
    {
        var closed = _closed.ToArray();
        _closed.Clear();
        return closed;
    }

    public void Remove(string topicId)
    {
        if (_topics.TryGetValue(topicId, out var topic))
        {
            Evict(topic);
        }
    }

    // Takes the read article into the current vector, learns its document frequencies and advances the clock.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long? Observe(ClusterInput article, ReadOnlySpan<int> hashes, ReadOnlySpan<float> weights, ReadOnlySpan<int> titleCounts)
    {
        EnsureVectorCapacity(hashes.Length);
        _vectorLength = hashes.Length;
        hashes.CopyTo(_vectorTerms);
        weights.CopyTo(_vectorTf);
        titleCounts.CopyTo(_vectorCount);
        DropSourceBoilerplate(article.Source);
        _articles++;
        _logDocuments = LogDocuments();
        _vectorTokens = 0;
        for (var i = 0; i < _vectorLength; i++)
        {
            var hash = _vectorTerms[i];
            _dfTotal++;
            if (_df[hash & DfMask]++ == 0)
            {
                _vocabulary++;
            }

            var (raw, inTitle) = (_vectorTf[i], _vectorCount[i]);
            _vectorTitleTf[i] = inTitle == 0 ? 0 : 1 + MathF.Log(inTitle);
            _vectorTf[i] = raw <= 1 ? raw : 1 + MathF.Log(raw);
        }

        WeighVector();
        CountMixtureTokens();

        long? ticks = null;
        if (article.Published is { } published)
        {
            ticks = published.UtcTicks;
            if (!_hasTime || ticks > _nowTicks)
            {
                _nowTicks = ticks.Value;
            }

            _hasTime = true;
        }

        return ticks;
    }

    // Feeds wrap every item in the same words: a forum's "submitted by ... [link] [comments]", a blog's "The post ...
    // appeared first on ...", a newsletter's sign-off. Such words say nothing about the story, yet two items of the
    // same feed share them all, so they would pull unrelated items together. A body term found in most of a
    // source's recent items is dropped from that source's articles; headline words are always kept.
    private void DropSourceBoilerplate(string? source)
    {
        var share = _options.SourceBoilerplateShare;
        if (share <= 0 || string.IsNullOrEmpty(source))
        {
            return;
        }

        if (!_sources.TryGetValue(source, out var vocabulary))
        {
            vocabulary = new SourceVocabulary();
            _sources.Add(source, vocabulary);
        }

        vocabulary.Articles++;
        var counts = vocabulary.Counts;
        counts.EnsureCapacity(counts.Count + _vectorLength);
        for (var i = 0; i < _vectorLength; i++)
        {
            if (_vectorCount[i] == 0)
            {
                counts.Upsert(_vectorTerms[i]).Count++;
            }
        }

        var minArticles = _options.SourceBoilerplateMinArticles;
        if (vocabulary.Articles >= minArticles)
        {
            var threshold = share * vocabulary.Articles;
            var slots = counts.Slots;
            var kept = 0;
            for (var i = 0; i < _vectorLength; i++)
            {
                if (_vectorCount[i] == 0 && slots[counts.Find(_vectorTerms[i])].Count >= threshold)
                {
                    continue;
                }

                _vectorTerms[kept] = _vectorTerms[i];
                _vectorTf[kept] = _vectorTf[i];
                _vectorCount[kept] = _vectorCount[i];
                kept++;
            }

            _vectorLength = kept;
        }

        // The counts describe the source's recent items: halved now and then, so they follow a feed that changes its
        // template, and the one-off words (halved to nothing) leave the table.
        if (vocabulary.Articles >= 8 * minArticles)
        {
            vocabulary.Articles /= 2;
            foreach (ref var entry in counts.Slots.AsSpan())
            {
                entry.Count /= 2;
            }

            counts.Compact();
        }
    }

    // The mixture rule reads an article as its headline's words plus its few heaviest body terms, once each. Short
    // texts are what the model was made for; fed a whole body, a broad topic's vocabulary outscores every story.
    private void CountMixtureTokens()
    {
        var body = 0;
        for (var i = 0; i < _vectorLength; i++)
        {
            if (_vectorCount[i] == 0)
            {
                _bodyOrder[body++] = i;
            }
        }

        var keep = Math.Min(body, _options.MixtureBodyTerms);
        if (keep < body)
        {
            SortByWeight(_bodyOrder.AsSpan(0, body));
        }

        for (var k = 0; k < keep; k++)
        {
            _vectorCount[_bodyOrder[k]] = 1;
        }

        _vectorTokens = 0;
        for (var i = 0; i < _vectorLength; i++)
        {
            _vectorTokens += _vectorCount[i];
        }
    }

    // Orders positions of the current vector by weight, heaviest first, ties by term hash: one packed key per
    // position sorted in tandem with the positions, without a comparison delegate.
    private void SortByWeight(Span<int> positions)
    {
        if (_sortKeys.Length < positions.Length)
        {
            _sortKeys = new long[Math.Max(positions.Length, _sortKeys.Length * 2)];
        }

        var keys = _sortKeys.AsSpan(0, positions.Length);
        for (var k = 0; k < positions.Length; k++)
        {
            var i = positions[k];
            // Non-negative floats order as their bits do; the complement puts the heaviest first.
            var weight = ~(uint)BitConverter.SingleToInt32Bits(Math.Max(0f, _vectorWeights[i]));
            keys[k] = (long)(((ulong)weight << 32) | ((uint)_vectorTerms[i] ^ 0x8000_0000u)) ^ long.MinValue;
        }

        keys.Sort(positions);
    }

    private void EnsureVectorCapacity(int count)
    {
        if (_vectorTerms.Length >= count)
        {
            return;
        }

        var size = Math.Max(count, _vectorTerms.Length * 2);
        _vectorTerms = new int[size];
        _vectorTf = new float[size];
        _vectorWeights = new float[size];
        _vectorIdf = new float[size];
        _vectorBeta = new double[size];
        _vectorCount = new int[size];
        _bodyOrder = new int[size];
        _vectorTitleTf = new float[size];
    }

    // The join rule of streaming Dirichlet multinomial mixtures (GSDMM / MStream, Yin and Wang, KDD 2014 and 2018):
    // the article joins the topic most likely to have generated its words, weighted by the topic's (time-decayed)
    // size, or founds a new one when an empty topic, weighted by alpha times the open articles, explains it better.
    // Short texts share few words, and this rule judges them by how typical each word is of the topic, not by angle.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (Topic? Best, double Score) ChooseByMixture(long? ticks)
    {
        var beta = _options.MixtureBeta;
        var vBeta = Math.Max(_options.MixtureMinVocabulary, _vocabulary) * beta;
        var now = ticks ?? _nowTicks;
        var byActivity = UsesActivity;
        var mass = !byActivity ? Math.Max(1, _openArticles)
            : Math.Max(1.0, _streamFloorTicks - now > ActivityHalfLifeTicks ? ActivityAt(now) : Activity(_activity, _activityTicks, now));
        var background = _options.BackgroundWeight > 0;
        var newScore = (_lookingFrom is not null ? _options.SecondLookMargin : 0) + Math.Log(_options.MixtureAlpha * mass) + (background ? BackgroundLogWords(beta, vBeta) : LogUnseen(beta) - LogTokens(0, vBeta));
        Topic? best = null;
        var bestScore = newScore;
        var storySince = _lookingFrom is not null && ticks is { } own ? own - (long)(_options.SecondLookPaces * _paceTicks) : long.MinValue;
        foreach (var topic in _ranked)
        {
            // On a second look the article's topic would merge into the one it joins: not into a topic that was
            // split from it, and not into an older theme than the story it may belong to.
            if (_lookingFrom is { } leaving && (topic.FirstTicks < storySince || topic.Lineage == leaving.Lineage))
            {
                continue;
            }

            Words(topic);
            var decay = byActivity ? 1.0 : Decay(ticks, topic);
            var logPrior = byActivity ? LogActivity(topic, now) : LogOf(topic.Size) + (decay == 1.0 ? 0.0 : Math.Log(decay));
            var score = logPrior + (background ? topic.WordsLog + Math.Log(topic.WordsProduct) : WordsOverTokens(topic, vBeta));
            if (score > bestScore || (score == bestScore && best is not null && topic.Sequence < best.Sequence))
            {
                best = topic;
                bestScore = score;
            }
        }

        return (best, best is null ? 0 : 1.0 / (1.0 + Math.Exp(newScore - bestScore)));
    }

    // The mixture's word likelihood is a product of rising factorials, one per word (n + beta)(n + beta + 1)... over
    // the topic's count n of it, divided by one over the topic's token total. Products are multiplied out and logged
    // once (a log per factor dominated the cost), folded into the log whenever they leave a safe range.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rise(ref double product, ref double log, double start, int count)
    {
        for (var j = 0; j < count; j++)
        {
            product *= start + j;
            if (product is < 1e-200 or > 1e200)
            {
                log += Math.Log(product);
                product = 1.0;
            }
        }
    }

    // The mixture's word likelihood with a background: each token comes from the topic (weight 1 - b) or from the
    // stream's overall vocabulary (weight b, by document frequency), so words every story of the moment uses ("CES",
    // "AI") are explained by the background and pull an article towards the topic that has seen most of them less.
    // Draws the article's tokens of term i one by one, the topic's counts rising as in the plain rule.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Draw(ref double product, ref double log, ref int token, int n, long total, int i, double beta, double vBeta)
    {
        var b = _options.BackgroundWeight;
        var general = b * (_df[_vectorTerms[i] & DfMask] + beta) / (_dfTotal + vBeta);
        for (var j = 0; j < _vectorCount[i]; j++, token++)
        {
            product *= ((1 - b) * (n + beta + j) / (total + vBeta + token)) + general;
            if (product < 1e-200)
            {
                log += Math.Log(product);
                product = 1.0;
            }
        }
    }

    // The background rule's likelihood for an empty topic.
    private double BackgroundLogWords(double beta, double vBeta)
    {
        var log = 0.0;
        var product = 1.0;
        var token = 0;
        for (var i = 0; i < _vectorLength; i++)
        {
            Draw(ref product, ref log, ref token, 0, 0, i, beta, vBeta);
        }

        return log + Math.Log(product);
    }

    // The numerator for a topic that holds none of the article's words.
    private double LogUnseen(double beta)
    {
        var log = 0.0;
        var product = 1.0;
        for (var i = 0; i < _vectorLength; i++)
        {
            Rise(ref product, ref log, _vectorBeta[i], _vectorCount[i]);
        }

        return log + Math.Log(product);
    }

    // The denominator: the article's tokens drawn from a topic holding the given total.
    private double LogTokens(long total, double vBeta)
    {
        var (log, divisor) = Tokens(total, vBeta);
        return log + Math.Log(divisor);
    }

    // The denominator as a logged part and a product still to be logged.
    private (double Log, double Divisor) Tokens(long total, double vBeta)
    {
        var log = 0.0;
        var divisor = 1.0;
        for (var i = 0; i < _vectorTokens; i++)
        {
            divisor *= total + vBeta + i;
            if (divisor > 1e200)
            {
                log += Math.Log(divisor);
                divisor = 1.0;
            }
        }

        return (log, divisor);
    }

    // The plain rule's log likelihood of the article's words under a topic (numerator from the last Score, then the
    // denominator), with one logarithm for the two products unless their ratio would underflow.
    private double WordsOverTokens(Topic topic, double vBeta)
    {
        var (log, divisor) = Tokens(topic.Tokens, vBeta);
        var ratio = topic.WordsProduct / divisor;
        return ratio > 1e-300
            ? topic.WordsLog - log + Math.Log(ratio)
            : topic.WordsLog + Math.Log(topic.WordsProduct) - log - Math.Log(divisor);
    }

    private bool UsesActivity => _hasTime && _options.ActivityHalfLife > 0;

    // The activity count's half-life in ticks. It is fixed at the pace when the count was last changed so that
    // counts stay consistent; a pace that moves later applies from the next change on.
    private double ActivityHalfLifeTicks => _options.ActivityHalfLife * _paceTicks;

    // A decayed count read at a later (or, for an article older than the last one, earlier) time.
    private double Activity(double value, long since, long now) =>
        value * Math.Exp(-Ln2 * Math.Abs(now - since) / ActivityHalfLifeTicks);

    // The logarithm of a topic's decayed count, without a power: log(count) is kept on the topic until it changes.
    private double LogActivity(Topic topic, long now)
    {
        if (topic.LoggedActivity != topic.Activity)
        {
            topic.LoggedActivity = topic.Activity;
            topic.LogActivity = Math.Log(topic.Activity);
        }

        return topic.LogActivity - (Ln2 * Math.Abs(now - topic.ActivityTicks) / ActivityHalfLifeTicks);
    }

    private const double Ln2 = 0.69314718055994530942;

    // The open topics' activity summed afresh at the given time, for an article older than the stream had reached
    // before its batch: an archive imported after newer stories, or after a restart restored them. The running sum
    // is kept at the latest time seen and decays are symmetric in time, so at such an article's time it would have
    // decayed to almost nothing; founding a topic would then look hopeless beside any match, and the older articles
    // would heap into a few topics.
    private double ActivityAt(long at)
    {
        var total = 0.0;
        foreach (var topic in _byActivity)
        {
            total += Activity(topic.Activity, topic.ActivityTicks, at);
        }

        return total;
    }

    // Adds one article's worth of activity at the given time to a decayed count kept at its latest time.
    private (double Value, long Ticks) AddActivity(double value, long since, long at, double amount)
    {
        if (_options.ActivityHalfLife <= 0)
        {
            return (value + amount, Math.Max(since, at));
        }

        return at >= since
            ? (Activity(value, since, at) + amount, at)
            : (value + amount * Math.Exp(-Ln2 * (since - at) / ActivityHalfLifeTicks), since);
    }

    // Learns the stream's story pace from how old a topic is when an article joins it (a log-scale histogram, so
    // the median costs a few dozen additions; halved now and then, so the pace follows a stream that changes).
    private void ObservePace(Topic topic, long? ticks)
    {
        if (!_options.LearnStoryPace || ticks is null)
        {
            return;
        }

        var seconds = Math.Max(0, ticks.Value - topic.FirstTicks) / (double)TimeSpan.TicksPerSecond;
        var bin = seconds < 1 ? 0 : Math.Min(PaceBins - 1, 1 + (int)(Math.Log2(seconds) * PaceBinsPerOctave));
        _paceHistogram[bin]++;
        _paceObservations++;
        if (_paceObservations % PaceForgetEvery == 0)
        {
            for (var i = 0; i < PaceBins; i++)
            {
                _paceHistogram[i] /= 2;
            }
        }

        if (_paceObservations < PaceWarmUp || _paceObservations % PaceRefreshEvery != 0)
        {
            return;
        }

        var total = 0.0;
        foreach (var count in _paceHistogram)
        {
            total += count;
        }

        var running = 0.0;
        var median = 0;
        while (median < PaceBins - 1 && (running += _paceHistogram[median]) < total / 2)
        {
            median++;
        }

        // The bin's upper edge in seconds.
        var pace = TimeSpan.FromSeconds(Math.Pow(2, median / (double)PaceBinsPerOctave));
        pace = pace < _options.MinStoryPace ? _options.MinStoryPace : pace > _options.MaxStoryPace ? _options.MaxStoryPace : pace;
        _paceTicks = pace.Ticks;
    }

    /// <summary>The story pace in use: learned from the stream, or the configured one until enough was seen.</summary>
    public TimeSpan StoryPace => TimeSpan.FromTicks(_paceTicks);

    // log((documents + 1) / (df + 1)) + 1, as a difference of logs: the first changes once per article, the second
    // comes from a table for all but the commonest terms (a logarithm per call was a tenth of the engine's time).
    private double Idf(int hash) => _logDocuments - LogOf(_df[hash & DfMask] + 1) + 1.0;

    // The mixture's pseudo-count of a word in every topic (a Dirichlet prior): beta, with a share of it handed out by
    // how common the word is in the stream instead of evenly. A new topic then expects "big" or "question" about as
    // often as the stream uses them, so sharing them with a topic says little, while sharing a rare name says much.
    // Frequencies from a few dozen articles are noise (in a fresh install every word of its first story looks
    // common), so the share grows in over the IDF's warm-up.
    private double PriorCount(int hash)
    {
        var share = _options.MixturePriorBackground * Math.Min(1.0, _articles / (double)_options.IdfWarmUpArticles);
        if (share <= 0 || _dfTotal == 0)
        {
            return _options.MixtureBeta;
        }

        var vocabulary = (double)Math.Max(_options.MixtureMinVocabulary, _vocabulary);
        return _options.MixtureBeta * ((1 - share) + (share * vocabulary * _df[hash & DfMask] / _dfTotal));
    }

    // The first logarithm of the IDF: the corpus size, capped below while the engine warms up.
    private double LogDocuments() => Math.Log(Math.Max(_articles, _options.IdfWarmUpArticles) + 1.0);

    private static double LogOf(int n) => n < LogTable.Length ? LogTable[n] : Math.Log(n);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindCandidates()
    {
        _ranked.Clear();
        _lookup++;

        // Look up through the heaviest terms only: they are what the story is about, and it bounds the cost.
        var queryTerms = Math.Min(_options.QueryTerms, _vectorLength);
        Span<int> order = _vectorLength <= 512 ? stackalloc int[_vectorLength] : new int[_vectorLength];
        for (var i = 0; i < _vectorLength; i++)
        {
            order[i] = i;
        }

        if (queryTerms < _vectorLength)
        {
            SortByWeight(order);
        }

        for (var q = 0; q < queryTerms; q++)
        {
            var i = order[q];
            if (_index.TryGetValue(_vectorTerms[i], out var postings))
            {
                // A term shared by very many open topics says little; its most recently active topics suffice.
                for (var p = postings.Count - 1; p >= Math.Max(0, postings.Count - MaxPostingsScanned); p--)
                {
                    Accumulate(postings[p], _vectorWeights[i]);
                }
            }
        }

        KeepBest(_lookingFrom is not null ? SecondLookCandidates : _options.MaxCandidates);
    }

    // Keeps the k candidates with the most overlap (ties: the older topic) without sorting them all: common terms
    // can bring thousands of candidates, and a heap of k costs O(n log k).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void KeepBest(int k)
    {
        if (_ranked.Count <= k)
        {
            return;
        }

        _heap.Clear();
        foreach (var topic in _ranked)
        {
            if (_heap.Count < k)
            {
                _heap.Enqueue(topic, topic);
            }
            else if (ByOverlap(topic, _heap.Peek()) < 0)
            {
                _heap.EnqueueDequeue(topic, topic);
            }
        }

        _ranked.Clear();
        while (_heap.TryDequeue(out var topic, out _))
        {
            _ranked.Add(topic);
        }

        _ranked.Reverse();
    }

    // Candidate scores live on the topics, stamped with the lookup they belong to: cheaper than a dictionary.
    private void Accumulate(Topic topic, float weight)
    {
        if (topic.Lookup != _lookup)
        {
            topic.Lookup = _lookup;
            topic.Overlap = 0;
            _ranked.Add(topic);
        }

        topic.Overlap += weight;
    }

    private static int ByOverlap(Topic a, Topic b)
    {
        var byScore = b.Overlap.CompareTo(a.Overlap);
        return byScore != 0 ? byScore : a.Sequence.CompareTo(b.Sequence);
    }

    // Cosine between the current article and a topic's centroid under the current IDF.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Cosine(Topic topic)
    {
        var terms = topic.Terms;
        var slots = terms.Slots;
        var dot = 0.0;
        for (var i = 0; i < _vectorLength; i++)
        {
            var slot = terms.Find(_vectorTerms[i]);
            if (slot >= 0)
            {
                dot += _vectorWeights[i] * slots[slot].Mass * _vectorIdf[i];
            }
        }

        var norm = CentroidNorm(topic);
        return norm <= 0 ? 0 : dot / (norm * _vectorNorm);
    }

    // The numerator of a topic's word likelihood under the mixture rule, kept on the topic for ChooseByMixture.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Words(Topic topic)
    {
        var terms = topic.Terms;
        var slots = terms.Slots;
        var beta = _options.MixtureBeta;
        var background = _options.BackgroundWeight;
        var vBeta = Math.Max(_options.MixtureMinVocabulary, _vocabulary) * beta;
        var log = 0.0;
        var product = 1.0;
        var token = 0;
        for (var i = 0; i < _vectorLength; i++)
        {
            if (_vectorCount[i] == 0)
            {
                continue;
            }

            var slot = terms.Find(_vectorTerms[i]);
            var n = slot >= 0 ? slots[slot].Count : 0;
            if (background > 0)
            {
                Draw(ref product, ref log, ref token, n, topic.Tokens, i, beta, vBeta);
            }
            else
            {
                Rise(ref product, ref log, n + _vectorBeta[i], _vectorCount[i]);
            }
        }

        topic.WordsLog = log;
        topic.WordsProduct = product;
    }

    // A member added or removed changes the centroids' squared norms by the change of its own terms, so a norm that
    // was current stays current without a pass over the whole centroid.
    private static void TrackNorms(Topic topic, bool tracked, double squared, bool titleTracked, double titleSquared)
    {
        if (tracked)
        {
            topic.Body.Set(Math.Max(0, squared), topic.Version, topic.Body.Articles);
        }

        if (titleTracked)
        {
            topic.Headline.Set(Math.Max(0, titleSquared), topic.Version, topic.Headline.Articles);
        }
    }

    private double CentroidNorm(Topic topic) => CachedNorm(topic, headline: false);

    // The length of a topic's centroid (or headline centroid), kept on the topic. The IDF drifts slowly; it is
    // recomputed when the topic changed (and the change could not be tracked) or the corpus grew by a tenth.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double CachedNorm(Topic topic, bool headline)
    {
        ref var cache = ref headline ? ref topic.Headline : ref topic.Body;
        if (cache.Version == topic.Version && _articles <= cache.Articles * 1.1 + 10)
        {
            return cache.Norm;
        }

        cache.Set(SquaredNorm(topic, headline), topic.Version, _articles);
        return cache.Norm;
    }

    // The squared length of a topic's centroid (or headline centroid) under the current IDF: a pass over all its terms.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double SquaredNorm(Topic topic, bool headline)
    {
        var sum = 0.0;
        foreach (ref readonly var entry in topic.Terms.Slots.AsSpan())
        {
            var mass = headline ? entry.Title : entry.Mass;
            if (entry.Key != 0 && mass > 0)
            {
                var weight = mass * Idf(entry.Key);
                sum += weight * weight;
            }
        }

        return sum;
    }

    // Like the Chinese-restaurant prior of streaming mixture models: a topic backed by several articles is a more
    // trustworthy match than a lone article that happens to share a rare word.
    private double SizePrior(int size) => size / (size + _options.SmallTopicDiscount);

    // How far an article's time lies outside the span of a topic's articles: a batch being settled holds articles
    // older than some of the topics' latest members, and distance counts in both directions.
    private double Decay(long? ticks, Topic topic) =>
        ticks is null || !_hasTime ? 1.0 : DecayOver(Math.Max(0, Math.Max(topic.FirstTicks - ticks.Value, ticks.Value - topic.LastTicks)));

    private double Decay(Topic a, Topic b) =>
        !_hasTime ? 1.0 : DecayOver(Math.Max(0, Math.Max(a.FirstTicks - b.LastTicks, b.FirstTicks - a.LastTicks)));

    private double DecayOver(long gap)
    {
        var idle = gap - (_options.DecayGrace * _paceTicks);
        if (idle <= 0)
        {
            return 1.0;
        }

        return Math.Exp(-Ln2 * idle / (_options.DecayHalfLife * _paceTicks));
    }

    // A topic that was just joined is the last to be closed for idleness.
    private void Touch(Topic topic)
    {
        topic.LastArticle = _articles;
        _byActivity.Remove(topic.Node!);
        _byActivity.AddLast(topic.Node!);
    }

    private Topic CreateTopic(string id) => OpenTopic(id, _topicSequence++);

    private Topic OpenTopic(string id, long sequence)
    {
        var topic = new Topic(id, sequence) { Members = _options.SplitMinSize > 0 ? [] : null, NextSplitCheck = _options.SplitMinSize };
        _topics.Add(id, topic);
        topic.Node = _byActivity.AddLast(topic);
        return topic;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddToTopic(Topic topic, long? ticks)
    {
        // Each member adds its unit TF-IDF vector, stored divided by IDF so the centroid can be re-weighted later.
        var scale = _vectorNorm > 0 ? 1.0 / _vectorNorm : 0.0;
        var titleScale = _titleNorm > 0 ? 1.0 / _titleNorm : 0.0;
        if (_lastContribution.Length < _vectorLength)
        {
            _lastContribution = new float[_vectorTerms.Length];
            _lastTitleContribution = new float[_vectorTerms.Length];
        }

        var tracked = topic.Body.Version == topic.Version;
        var squared = topic.Body.Squared;
        var titleTracked = topic.Headline.Version == topic.Version;
        var titleSquared = topic.Headline.Squared;
        var terms = topic.Terms;
        for (var i = 0; i < _vectorLength; i++)
        {
            ref var entry = ref terms.Upsert(_vectorTerms[i]);
            var contribution = (float)(_vectorTf[i] * scale);
            _lastContribution[i] = contribution;
            var before = entry.Mass;
            var after = before + contribution;
            entry.Mass = after;
            var idf = (double)_vectorIdf[i];
            squared += ((after * after) - (before * before)) * idf * idf;
            var titleContribution = (float)(_vectorTitleTf[i] * titleScale);
            _lastTitleContribution[i] = titleContribution;
            if (titleContribution > 0)
            {
                var titleBefore = entry.Title;
                var titleAfter = titleBefore + titleContribution;
                entry.Title = titleAfter;
                titleSquared += ((titleAfter * titleAfter) - (titleBefore * titleBefore)) * idf * idf;
            }

            entry.Count += _vectorCount[i];
        }

        topic.Tokens += _vectorTokens;
        _openArticles++;
        var at = ticks ?? _nowTicks;
        (topic.Activity, topic.ActivityTicks) = AddActivity(topic.Activity, topic.ActivityTicks, at, 1);
        (_activity, _activityTicks) = AddActivity(_activity, _activityTicks, at, 1);
        topic.Size++;
        topic.Version++;
        topic.Changed = ++_changes;
        TrackNorms(topic, tracked, squared, titleTracked, titleSquared);
        var joined = ticks ?? _nowTicks;
        if (topic.Size == 1 || joined < topic.FirstTicks)
        {
            topic.FirstTicks = joined;
        }

        topic.LastTicks = Math.Max(topic.LastTicks, joined);
        Touch(topic);

        if (topic.Size == 1)
        {
            Reindex(topic);
            topic.NextCheck = 2;
        }
    }

    // At growth milestones (sizes 2, 3, 4, 6, 9, ...): prune the centroid, re-index its top terms, look for a twin.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Topic Refresh(Topic topic, bool allowMerge)
    {
        _refreshes++;
        topic.NextCheck = Math.Max(topic.Size + 1, (int)Math.Ceiling(topic.Size * _options.RecheckGrowth));
        Prune(topic);
        Reindex(topic);
        if (!allowMerge)
        {
            return topic;
        }

        // A growing topic may turn out to be the same story as several fragments; absorb them one by one.
        for (var merged = 0; merged < MaxMergesPerCheck; merged++)
        {
            var twin = FindTwin(topic);
            if (twin is null)
            {
                break;
            }

            var (into, from) = twin.Size > topic.Size || (twin.Size == topic.Size && twin.Sequence < topic.Sequence)
                ? (twin, topic)
                : (topic, twin);
            foreach (ref readonly var source in from.Terms.Slots.AsSpan())
            {
                if (source.Key != 0)
                {
                    ref var target = ref into.Terms.Upsert(source.Key);
                    target.Mass += source.Mass;
                    target.Title += source.Title;
                    target.Count += source.Count;
                }
            }

            into.Tokens += from.Tokens;
            JoinMembers(into, from);
            (into.Activity, into.ActivityTicks) = AddActivity(into.Activity, into.ActivityTicks, from.ActivityTicks, from.Activity);
            (_activity, _activityTicks) = AddActivity(_activity, _activityTicks, from.ActivityTicks, from.Activity);
            _openArticles += from.Size;

            into.Size += from.Size;
            into.Version++;
            into.Changed = ++_changes;
            into.LastTicks = Math.Max(into.LastTicks, from.LastTicks);
            into.FirstTicks = Math.Min(into.FirstTicks, from.FirstTicks);
            into.LastArticle = Math.Max(into.LastArticle, from.LastArticle);
            _byActivity.Remove(into.Node!);
            _byActivity.AddLast(into.Node!);
            Evict(from);
            from.MergedInto = into;
            _merges.Add(new TopicMerge(from.Id, into.Id));
            into.NextCheck = Math.Max(into.Size + 1, (int)Math.Ceiling(into.Size * _options.RecheckGrowth));
            Prune(into);
            Reindex(into);
            topic = into;
        }

        return topic;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Topic? FindTwin(Topic topic)
    {
        _ranked.Clear();
        _lookup++;
        topic.Lookup = _lookup;
        foreach (var hash in topic.IndexedTerms)
        {
            if (_index.TryGetValue(hash, out var postings))
            {
                var weight = (float)(MassOf(topic, hash) * Idf(hash));
                for (var p = postings.Count - 1; p >= Math.Max(0, postings.Count - MaxPostingsScanned); p--)
                {
                    // The two parts of a split stay apart: the split found them likelier as two stories.
                    if (!ReferenceEquals(postings[p], topic) && postings[p].Lineage != topic.Lineage)
                    {
                        Accumulate(postings[p], weight);
                    }
                }
            }
        }

        KeepBest(MergeCandidates);
        _ranked.Sort(ByOverlap);

        Topic? best = null;
        var bestScore = 0.0;
        for (var i = 0; i < Math.Min(MergeCandidates, _ranked.Count); i++)
        {
            var other = _ranked[i];

            // A similarity is at most 1, so a pair the time decay alone rules out is not compared.
            var decay = Decay(topic, other);
            if (decay < _options.MergeThreshold || decay <= bestScore)
            {
                continue;
            }

            var similarity = _options.MergeOnHeadlines ? HeadlineSimilarity(topic, other) : CentroidSimilarity(topic, other);
            var score = similarity * decay;
            if (score > bestScore && score >= _options.MergeThreshold && MergedCohesion(topic, other) >= _options.MinMergedCohesion)
            {
                best = other;
                bestScore = score;
            }
        }

        return bestScore >= _options.MergeThreshold ? best : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double CentroidSimilarity(Topic a, Topic b)
    {
        var (dot, top) = SharedWeight(a.Terms, b.Terms, headline: false);
        return dot <= 0 ? 0 : (dot - (top * _options.TopTermDiscount)) / (CentroidNorm(a) * CentroidNorm(b));
    }

    // Cosine between two topics' headline centroids under the current IDF, the most important shared term discounted.
    // Bodies share a field's vocabulary (every CES gadget review says "display" and "battery"); headlines name the
    // story, so two topics are one story when their headlines say the same thing.
    private double HeadlineSimilarity(Topic a, Topic b)
    {
        var (dot, top) = SharedWeight(a.Terms, b.Terms, headline: true);
        return dot <= 0 ? 0 : (dot - (top * _options.TopTermDiscount)) / (CachedNorm(a, headline: true) * CachedNorm(b, headline: true));
    }

    // The dot product of two centroids under the current IDF, and its largest single term.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double Dot, double Top) SharedWeight(TermTable a, TermTable b, bool headline)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var dot = 0.0;
        var top = 0.0;
        foreach (ref readonly var entry in small.Slots.AsSpan())
        {
            var mass = headline ? entry.Title : entry.Mass;
            if (entry.Key == 0 || mass == 0)
            {
                continue;
            }

            var slot = large.Find(entry.Key);
            var other = slot < 0 ? 0 : headline ? large.Slots[slot].Title : large.Slots[slot].Mass;
            if (other > 0)
            {
                var idf = Idf(entry.Key);
                var part = mass * other * idf * idf;
                dot += part;
                top = Math.Max(top, part);
            }
        }

        return (dot, top);
    }

    private static float MassOf(Topic topic, int hash)
    {
        var slot = topic.Terms.Find(hash);
        return slot < 0 ? 0 : topic.Terms.Slots[slot].Mass;
    }

    // How alike the members of two topics would be as one: the length of the mean of their unit vectors (1 when all
    // are the same, near 0 when they have nothing in common). A field's worth of loosely related reports ("everything
    // at CES") shares words with every story in it, but its members barely resemble each other.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double MergedCohesion(Topic a, Topic b)
    {
        var sum = 0.0;
        foreach (ref readonly var entry in a.Terms.Slots.AsSpan())
        {
            if (entry.Key != 0 && entry.Mass > 0)
            {
                var weight = (entry.Mass + MassOf(b, entry.Key)) * Idf(entry.Key);
                sum += weight * weight;
            }
        }

        foreach (ref readonly var entry in b.Terms.Slots.AsSpan())
        {
            if (entry.Key != 0 && entry.Mass > 0 && MassOf(a, entry.Key) == 0)
            {
                var weight = entry.Mass * Idf(entry.Key);
                sum += weight * weight;
            }
        }

        return Math.Sqrt(sum) / (a.Size + b.Size);
    }

    // Keeps a topic's terms bounded: the heaviest centroid and headline terms, and the words seen more than once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Prune(Topic topic)
    {
        var (massTerms, titleTerms, countTerms) = (0, 0, 0);
        foreach (ref readonly var entry in topic.Terms.Slots.AsSpan())
        {
            if (entry.Key != 0)
            {
                massTerms += entry.Mass > 0 ? 1 : 0;
                titleTerms += entry.Title > 0 ? 1 : 0;
                countTerms += entry.Count > 0 ? 1 : 0;
            }
        }

        var pruned = false;
        if (titleTerms > _options.MaxCentroidTerms * 2)
        {
            KeepTopTerms(topic, headline: true);
            pruned = true;
        }

        if (countTerms > _options.MaxCentroidTerms * 4)
        {
            // Words seen once in a large topic are dropped from its counts (its token total keeps them), so they
            // score as unseen words do: memory per topic stays bounded.
            foreach (ref var entry in topic.Terms.Slots.AsSpan())
            {
                if (entry.Count == 1)
                {
                    entry.Count = 0;
                }
            }

            pruned = true;
        }

        if (massTerms > _options.MaxCentroidTerms * 2)
        {
            KeepTopTerms(topic, headline: false);
            pruned = true;
        }

        if (pruned)
        {
            Prunes++;
            topic.Terms.Compact();
            topic.Version++;
            topic.Changed = ++_changes;
        }
    }

    // Zeroes the centroid (or headline centroid) mass of every term below the topic's heaviest MaxCentroidTerms.
    private void KeepTopTerms(Topic topic, bool headline)
    {
        var floor = RankTerms(topic, headline, _options.MaxCentroidTerms);
        foreach (ref var entry in topic.Terms.Slots.AsSpan())
        {
            ref var mass = ref headline ? ref entry.Title : ref entry.Mass;
            if (entry.Key != 0 && mass > 0 && !IsKept(mass, entry.Key, floor))
            {
                mass = 0;
            }
        }
    }

    // Whether a term ranks at or above the last one kept (ties broken by hash, as RankTerms orders them).
    private bool IsKept(float mass, int hash, RankKey floor)
    {
        var key = new RankKey(-(float)(mass * Idf(hash)), hash, mass);
        return key.CompareTo(floor) <= 0;
    }

    // Indexes the topic under its current heaviest terms, at the recent end of each list.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Reindex(Topic topic)
    {
        var old = topic.IndexedTerms;
        topic.Changed = ++_changes;
        Unindex(topic);
        var count = TopTerms(topic, _options.IndexedTermsPerTopic);
        var top = old.Length == count ? old : new int[count];
        Array.Copy(_rankHashes, top, count);
        topic.IndexedTerms = top;
        foreach (var hash in top)
        {
            if (!_index.TryGetValue(hash, out var postings))
            {
                postings = [];
                _index.Add(hash, postings);
            }

            postings.Add(topic);
        }
    }

    // The topic's k heaviest centroid terms by current TF-IDF weight (ties by hash), in order, into the rank buffer;
    // returns how many there are. One pass keeping a sorted run of k: a topic holds hundreds of terms.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int TopTerms(Topic topic, int k)
    {
        if (k <= 0)
        {
            return 0;
        }

        EnsureRankCapacity(k + 1);
        var keys = _rankKeys;
        var n = 0;
        foreach (ref readonly var entry in topic.Terms.Slots.AsSpan())
        {
            if (entry.Key == 0 || entry.Mass <= 0)
            {
                continue;
            }

            var key = new RankKey(-(float)(entry.Mass * Idf(entry.Key)), entry.Key, entry.Mass);
            if (n == k && key.CompareTo(keys[n - 1]) >= 0)
            {
                continue;
            }

            var at = n < k ? n++ : n - 1;
            while (at > 0 && key.CompareTo(keys[at - 1]) < 0)
            {
                keys[at] = keys[at - 1];
                at--;
            }

            keys[at] = key;
        }

        for (var i = 0; i < n; i++)
        {
            _rankHashes[i] = keys[i].Hash;
        }

        return n;
    }

    // The key of the last term kept when only the heaviest `keep` of the topic's centroid (or headline) terms stay.
    private RankKey RankTerms(Topic topic, bool headline, int keep)
    {
        var n = FillRankKeys(topic, headline);
        Array.Sort(_rankKeys, 0, n);
        return _rankKeys[Math.Min(keep, n) - 1];
    }

    private int FillRankKeys(Topic topic, bool headline)
    {
        EnsureRankCapacity(topic.Terms.Count);
        var n = 0;
        foreach (ref readonly var entry in topic.Terms.Slots.AsSpan())
        {
            var mass = headline ? entry.Title : entry.Mass;
            if (entry.Key != 0 && mass > 0)
            {
                _rankKeys[n++] = new RankKey(-(float)(mass * Idf(entry.Key)), entry.Key, mass);
            }
        }

        return n;
    }

    private void EnsureRankCapacity(int count)
    {
        if (_rankHashes.Length < count)
        {
            var size = Math.Max(count, _rankHashes.Length * 2);
            _rankHashes = new int[size];
            _rankKeys = new RankKey[size];
        }
    }

    private readonly record struct RankKey(float NegativeWeight, int Hash, float Mass) : IComparable<RankKey>
    {
        public int CompareTo(RankKey other)
        {
            var byWeight = NegativeWeight.CompareTo(other.NegativeWeight);
            return byWeight != 0 ? byWeight : Hash.CompareTo(other.Hash);
        }
    }

    // Takes the topic out of its posting lists at once, so every entry a lookup meets is a live candidate. A topic
    // re-indexed or closed is usually recent, near the end of its lists, where the search starts; a list left empty
    // goes, so the index holds only the terms open topics are indexed under, however long the stream runs.
    private void Unindex(Topic topic)
    {
        foreach (var hash in topic.IndexedTerms)
        {
            if (_index.TryGetValue(hash, out var postings))
            {
                var at = postings.LastIndexOf(topic);
                if (at >= 0)
                {
                    postings.RemoveAt(at);
                }

                if (postings.Count == 0)
                {
                    _index.Remove(hash);
                }
            }
        }

        topic.IndexedTerms = [];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CloseIdleTopics()
    {
        var closeBefore = _nowTicks - _options.CloseAfter.Ticks;
        while (_byActivity.First is { } first)
        {
            var topic = first.Value;
            var idleByTime = _hasTime && topic.LastTicks < closeBefore;
            var idleByCount = _articles - topic.LastArticle > _options.CloseAfterArticles;
            if (!idleByTime && !idleByCount)
            {
                break;
            }

            Evict(topic);
            _closed.Add(topic.Id);
        }
    }

    // For an article older than where its batch began (an archive after newer stories): the topics least recently
    // touched are the newer stories, which are not idle, so CloseIdleTopics stops at them and the archive's own topics
    // would all stay open however far the archive moves on (and every one of them is weighed by ActivityAt). Passes
    // over topics ahead of the article and closes those idle for CloseAfter before it, up to the first topic of this
    // part of the stream still in use.
    private void CloseIdleTopicsBehind(long ticks)
    {
        var closeBefore = ticks - _options.CloseAfter.Ticks;
        var node = _byActivity.First;
        while (node is not null)
        {
            var next = node.Next;
            var topic = node.Value;
            if (topic.LastTicks < closeBefore)
            {
                Evict(topic);
                _closed.Add(topic.Id);
            }
            else if (topic.LastTicks <= ticks)
            {
                break;
            }

            node = next;
        }
    }

    private void Evict(Topic topic)
    {
        Unindex(topic);
        _openArticles -= topic.Size;
        (_activity, _activityTicks) = AddActivity(_activity, _activityTicks, topic.ActivityTicks, -topic.Activity);
        _activity = Math.Max(0, _activity);
        topic.IsOpen = false;
        topic.Members = null;
        _byActivity.Remove(topic.Node!);
        _topics.Remove(topic.Id);
    }

    // Ten hex characters from a hash of the founding article's id: reproducible across runs, unique among open topics.
    private string NewTopicId(string articleId)
    {
        for (var attempt = 0UL; ; attempt++)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in articleId)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash ^= attempt * 0x9E3779B97F4A7C15UL;
            hash = Mix(hash);
            var id = (hash >> 24).ToString("x10", CultureInfo.InvariantCulture);
            if (!_topics.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // An article added since the last Settle; its vector and what it added to its topic sit in the pending arrays.
    // Evaluated: the change count right after the article last joined a topic in a sweep (0: not yet); Candidates:
    // a fingerprint of the other topics it weighed then.
    // Carried: for an article carried from an earlier settle for a second look, the topic it was alone in then; Age: how
    // many settles ago its own batch settled.
    private record struct PendingArticle(string Id, long? Ticks, int Offset, int Length, int Tokens, Topic Topic, double Score, long Evaluated, ulong Candidates,
        Topic? Carried = null, int Age = 0);

    private sealed class SourceVocabulary
    {
        public int Articles { get; set; }
        public TermTable Counts { get; } = new();
    }

    // A centroid's length, the topic version it belongs to and the corpus size whose IDF it was computed under.
    private struct NormCache()
    {
        public double Norm { get; private set; }
        public double Squared { get; private set; }
        public int Version { get; private set; } = -1;
        public long Articles { get; private set; }

        public void Set(double squared, int version, long articles)
        {
            Squared = squared;
            Norm = Math.Sqrt(squared);
            Version = version;
            Articles = articles;
        }
    }

    private sealed class Topic(string id, long sequence)
    {
        public string Id { get; } = id;
        public long Sequence { get; set; } = sequence;
        public TermTable Terms { get; } = new();
        public long Tokens { get; set; }
        public double Activity { get; set; }
        public long ActivityTicks { get; set; }
        public int Size { get; set; }
        public int Version { get; set; }
        public long Changed { get; set; }
        public int NextCheck { get; set; } = 2;
        public long LastTicks { get; set; }
        public long FirstTicks { get; set; }
        public long LastArticle { get; set; }
        public LinkedListNode<Topic>? Node { get; set; }
        public int[] IndexedTerms { get; set; } = [];
        public bool IsOpen { get; set; } = true;
        public Topic? MergedInto { get; set; }
        public NormCache Body = new();
        public NormCache Headline = new();
        public long Lookup { get; set; }
        public float Overlap { get; set; }
        public double WordsLog { get; set; }
        public double WordsProduct { get; set; }
        public double LoggedActivity { get; set; } = double.NaN;
        public double LogActivity { get; set; }

        // What a split check needs: each member's terms (null once the topic is too large to be checked, or closed).
        public List<Member>? Members { get; set; }
        public int NextSplitCheck { get; set; }

        // The two parts of a split share this (otherwise a topic's own sequence), so they are never merged again.
        public long Lineage { get; set; } = sequence;

        // The settle in which the topic last gained members, so it is queued for a split check once per settle.
        public long SplitMark { get; set; }

        // Hash by creation order, not by object identity, so dictionary order (and so every tie) is reproducible.
        public override int GetHashCode() => Sequence.GetHashCode();

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    }
}
