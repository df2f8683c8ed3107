using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Aggregator.Web.Clustering.Engine.Text;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering.Engine;

/// <summary>
/// Online, incremental story clustering in the manner of Google News and Miranda et al. (EMNLP 2018): each article
/// is weighed against the open topics that share its heaviest terms (found through an inverted index, never a scan)
/// and joins the one most likely to hold it under a Dirichlet multinomial mixture, or founds a new topic. Articles
/// added since the last <see cref="Settle"/> choose again once their whole batch is known; topics absorb their twins
/// as they grow, split when they turn out to hold two stories, and close when idle, so memory depends on how many
/// stories are open, not on how many articles were ever seen. Deterministic: the same input in the same order gives
/// the same topics and ids. Not thread-safe: one caller at a time.
/// </summary>
public sealed class StoryClusterer : IStoryClusterer
{
    // A caller that never settles gets plain online assignments past this many pending articles, and memory stays
    // bounded.
    private const int MaxPending = 100_000;

    // Room for a batch of a thousand headlines' vectors from the start: arrays this size live in the large-object
    // heap, and growing them there mid-batch set off a full collection.
    private const int PendingCapacity = 32768;

    // At most this many candidates (those sharing the most weight with the article) are weighed in full.
    private const int MaxCandidates = 40;

    private readonly StoryClustererOptions _options;
    private readonly ArticleReader _reader;
    // The article being placed: one buffer, loaded with each article in turn and handed to the parts that weigh it.
    private readonly ArticleVector _vector = new();
    private readonly Vocabulary _vocabulary;
    private readonly StoryClock _clock;
    private readonly SourceTemplates _templates;
    private readonly SeriesMemory _series;
    private readonly OpenTopics _topics;
    private readonly MixtureRule _mixture;
    private readonly Splitting _splitting;
    private readonly SecondLook _secondLook;
    private readonly SecondLook.Choose _lookAgain;

    // The batch: the articles added since the last settle, their vectors packed one after another.
    private readonly List<PendingArticle> _pending = [];
    private readonly List<OpenTopic> _eligible = [];
    private readonly PackedVectors _pendingVectors = new(PendingCapacity);

    // How far the stream had come when the batch began (see OpenTopics.Pull); set by the batch's first article.
    private long _streamFloorTicks = long.MinValue;
    private bool _batchStarted;

    // Topics of this sequence and later were founded in the batch being settled.
    private long _settledSequence;

    public StoryClusterer(IOptions<StoryClustererOptions> options)
        : this(options.Value)
    {
    }

    public StoryClusterer(StoryClustererOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _reader = new ArticleReader();
        _vocabulary = new Vocabulary(options);
        _clock = new StoryClock(options);
        _templates = new SourceTemplates(options);
        _series = new SeriesMemory();
        _topics = new OpenTopics(options, _vocabulary, _clock);
        _mixture = new MixtureRule(options, _vocabulary, _clock);
        _splitting = new Splitting(options, _topics, _vocabulary);
        _secondLook = new SecondLook(options, _clock);
        _lookAgain = (ref PendingArticle article) => ChooseAgain(ref article, KeepSettledChoices);
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

    /// <summary>How often a topic's terms were cut back to the heaviest.</summary>
    internal long Prunes => _topics.Prunes;

    /// <summary>Topics split so far.</summary>
    internal long SplitCount => _splitting.Count;

    /// <summary>Articles that left a topic of their own for a story on a second look, so far.</summary>
    internal long SecondLookMoves => _secondLook.Moves;

    /// <summary>Second looks taken so far (an article carried for a while looks more than once).</summary>
    internal long SecondLooks => _secondLook.Looks;

    /// <summary>Articles seen since start (added or restored).</summary>
    public long ArticleCount => _vocabulary.Articles;

    /// <summary>The story pace in use: learned from the stream, or the configured one until enough was seen.</summary>
    public TimeSpan StoryPace => TimeSpan.FromTicks(_clock.PaceTicks);

    public ClusterAssignment Add(ClusterInput article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var length = _reader.ReadInto(article);
        return Add(article, _reader.Hashes(length), _reader.Weights(length), _reader.TitleCounts(length), _reader.Headline, _reader.NotAReport, _reader.Series);
    }

    /// <summary>
    /// As <see cref="Add(ClusterInput)"/>, for an article already read by an <see cref="ArticleReader"/> (on another
    /// thread, say): the result is the same.
    /// </summary>
    public ClusterAssignment Add(ArticleTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return Add(terms.Article, terms.Hashes, terms.Weights, terms.TitleCounts, terms.Headline, terms.NotAReport, terms.Series);
    }

    /// <summary>A reader for <see cref="Add(ArticleTerms)"/>.</summary>
    public ArticleReader CreateReader() => new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ClusterAssignment Add(ClusterInput article, ReadOnlySpan<int> hashes, ReadOnlySpan<float> weights, ReadOnlySpan<int> titleCounts, HeadlineNames headline, bool notAReport, SeriesKey? series)
    {
        // A recurring series' item is no report either (see SeriesMemory); every item teaches the memory.
        notAReport |= _series.Learn(series, article.Source, article.Published);
        if (!_batchStarted)
        {
            _batchStarted = true;
            _streamFloorTicks = _topics.ActivityTicks;
        }

        var ticks = Observe(article, hashes, weights, titleCounts, headline);
        _topics.CloseIdle();
        if (ticks is { } at && at < _streamFloorTicks)
        {
            _topics.CloseIdleBehind(at);
        }

        var joined = JoinBest(_vector, article.Id, ticks, candidates: null, leaving: null, _options.KeepNonStoriesApart && notAReport);
        if (!joined.Created)
        {
            _clock.ObservePace(joined.Topic.FirstTicks, article.Published);
        }

        if (_pending.Count >= MaxPending)
        {
            _splitting.CommitMembers(_pending, _pendingVectors);
            _splitting.ForgetQueued();
            ClearPending();
        }

        var offset = _vector.PackInto(_pendingVectors);
        _pending.Add(new PendingArticle(article.Id, ticks, offset, _vector.Length, _vector.Tokens, headline, joined.Topic, joined.Score, 0, 0));
        return new ClusterAssignment(article.Id, joined.Topic.Id, joined.Created, Math.Min(1.0, joined.Score));
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

        var looked = _secondLook.LookAgain(_pending, _pendingVectors, _lookAgain);
        _secondLook.RecordMoves(_pending, looked, _topics);
        _splitting.CommitMembers(_pending, _pendingVectors);
        var parts = _splitting.CheckQueued();
        var settled = new ClusterAssignment[batch];
        for (var i = 0; i < batch; i++)
        {
            var article = _pending[i];
            var topic = parts is not null && parts.TryGetValue(article.Id, out var part) ? part.Live() ?? part : article.Topic.Live() ?? article.Topic;
            var isNew = topic.Sequence >= _settledSequence;
            settled[i] = new ClusterAssignment(article.Id, topic.Id, isNew, isNew ? 0 : Math.Min(1.0, article.Score));
        }

        _secondLook.KeepLone(_pending, _pendingVectors);
        ClearPending();
        _settledSequence = _topics.NextSequence;
        return settled;
    }

    // One article of a settle (or a carried one on its second look) leaves its topic and chooses again, or keeps its
    // choice when nothing it weighed can have changed since (see IsSettled). Returns whether it moved.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ChooseAgain(ref PendingArticle article, bool keepIfSettled)
    {
        var from = article.Topic.Live();
        if (from is null || from.StandsAlone)
        {
            return false;
        }

        _vector.Load(_pendingVectors, article.Offset, article.Length, article.Tokens);
        _vector.Headline = article.Headline;
        _vector.Weigh(_vocabulary);
        var leaving = article.Carried is not null ? from : null;
        List<OpenTopic>? candidates = null;
        if (keepIfSettled)
        {
            (var settled, candidates) = IsSettled(_vector, in article, from, leaving);
            if (settled)
            {
                // As if it had left and joined again: the topic counts as just touched.
                KeptChoices++;
                _topics.Touch(from);
                return false;
            }
        }

        var (changed, sequence, lineage, alone, refreshes) = (from.Changed, from.Sequence, from.Lineage, from.Size == 1, _topics.Refreshes);
        var (whole, core) = _topics.Leave(from, in article, _pendingVectors, _vector);

        // The candidates IsSettled looked up still stand unless the article's leaving closed its topic.
        var joined = JoinBest(_vector, article.Id, article.Ticks, from.IsOpen ? candidates : null, leaving);
        var to = joined.Topic;
        if (ReferenceEquals(to, from))
        {
            to.Core.Return(article.Id, core);
        }

        _vector.KeepContributionIn(_pendingVectors, article.Offset);
        var moved = true;
        if (whole && _topics.Refreshes == refreshes && (ReferenceEquals(to, from) || (alone && to.Size == 1 && to.Id == from.Id)))
        {
            // It chose as before, and its topic is as it was (an article alone in its topic founded the same one
            // again, which keeps its place in the order of topics).
            to.Changed = changed;
            to.Sequence = sequence;
            to.Lineage = lineage;
            moved = false;
        }

        article.Topic = to;
        article.Score = joined.Score;
        article.Evaluated = joined.Evaluated;
        article.Candidates = joined.Candidates;
        return moved;
    }

    // Whether the article would choose as it did in the previous sweep, so that sweep's choice stands:
    // within a settle nothing but topics changes (no new articles, so the same IDF, vocabulary, pace and clock), and
    // its choice depends only on the topics it weighs. They are the same topics, none changed since it chose, and its
    // own topic changed only by its joining. Also returns the candidates, when it looked them up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (bool Settled, List<OpenTopic>? Candidates) IsSettled(ArticleVector vector, in PendingArticle article, OpenTopic topic, OpenTopic? leaving)
    {
        if (article.Evaluated == 0 || topic.Changed > article.Evaluated)
        {
            return (false, null);
        }

        if (vector.Norm <= 0)
        {
            return (true, null);
        }

        var candidates = FindCandidates(vector, leaving);
        var fingerprint = 0UL;
        var found = topic.Size == 1;
        foreach (var candidate in candidates)
        {
            found |= ReferenceEquals(candidate, topic);
            if (candidate.Changed > article.Evaluated)
            {
                return (false, candidates);
            }

            fingerprint += ReferenceEquals(candidate, topic) ? 0 : TopicIds.Fingerprint(candidate);
        }

        return (found && fingerprint == article.Candidates, candidates);
    }

    // The open topics worth weighing for the article: fewer on a second look (see SecondLook).
    private List<OpenTopic> FindCandidates(ArticleVector vector, OpenTopic? leaving) =>
        _topics.Index.Candidates(vector, leaving is not null ? SecondLook.Candidates : MaxCandidates);

    // Chooses the topic for the article, joins it (or founds one) and returns it, with a fingerprint of
    // the other candidates it weighed and the change count right after it joined: what the joined topic's growth
    // check changed next (pruning, re-indexing, merging) came later. candidates: already looked up (see IsSettled);
    // leaving: on a second look, the topic the article is alone in; standsAlone: the article is not a story report
    // (see NonStory) and founds a topic nothing else joins.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Joined JoinBest(ArticleVector vector, string articleId, long? ticks, List<OpenTopic>? candidates, OpenTopic? leaving, bool standsAlone = false)
    {
        OpenTopic? best = null;
        var bestScore = 0.0;
        var fingerprint = 0UL;
        if (vector.Norm > 0 && !standsAlone)
        {
            candidates ??= FindCandidates(vector, leaving);
            foreach (var topic in candidates)
            {
                fingerprint += TopicIds.Fingerprint(topic);
            }

            candidates = LateJoin.Eligible(_options, candidates, vector, _vocabulary, ticks, _eligible);

            var pull = _topics.Pull(ticks ?? _clock.Now, _streamFloorTicks);
            (best, bestScore) = _mixture.Choose(vector, candidates, ticks, pull, leaving);

            // A reworded report of a story can hold enough new words for the mixture to prefer a new topic while its
            // TF-IDF centroid match is unmistakable; such a match still joins. Only then are centroids compared.
            if (best is null && leaving is null && Closest(vector, candidates, ticks) is { Topic: { } closest, Score: var closeness } && closeness >= _options.MixtureCosineOverride)
            {
                (best, bestScore) = (closest, closeness);
            }
        }

        if (best is null)
        {
            // On a second look an article that stays alone keeps its topic's id, which may have come from elsewhere
            // (a restored topic's, or one a split gave).
            var created = _topics.Create(leaving?.Id ?? _topics.NewId(articleId));
            created.StandsAlone = standsAlone;
            _topics.Join(created, vector, ticks, articleId);
            return new Joined(created, 0, true, fingerprint, _topics.Changes);
        }

        var others = fingerprint - TopicIds.Fingerprint(best);
        _topics.Join(best, vector, ticks, articleId);
        var evaluated = _topics.Changes;
        var final = best.Size >= best.NextCheck ? _topics.Refresh(best, allowMerge: true) : best;
        return new Joined(final, bestScore, false, others, evaluated);
    }

    // The candidate with the most similar centroid (cosine, time decay and size prior), if any shares a term.
    private (OpenTopic? Topic, double Score) Closest(ArticleVector vector, List<OpenTopic> candidates, long? ticks)
    {
        OpenTopic? best = null;
        var bestScore = 0.0;
        foreach (var topic in candidates)
        {
            var score = topic.Cosine(vector, _vocabulary) * _clock.Decay(ticks, topic) * SizePrior(topic.Size);
            if (score > bestScore || (score == bestScore && best is not null && topic.Sequence < best.Sequence))
            {
                best = topic;
                bestScore = score;
            }
        }

        return (best, bestScore);
    }

    // Like the Chinese-restaurant prior of streaming mixture models: a topic backed by several articles is a more
    // trustworthy match than a lone article that happens to share a rare word.
    private double SizePrior(int size) => size / (size + _options.SmallTopicDiscount);

    public void Restore(string topicId, ClusterInput article)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicId);
        ArgumentNullException.ThrowIfNull(article);
        var length = _reader.ReadInto(article);
        var ticks = Observe(article, _reader.Hashes(length), _reader.Weights(length), _reader.TitleCounts(length), _reader.Headline);
        if (!_topics.TryGet(topicId, out var topic))
        {
            topic = _topics.Create(topicId);
        }

        var series = _series.Learn(_reader.Series, article.Source, article.Published);
        if (topic.Size == 0 && _options.KeepNonStoriesApart && (_reader.NotAReport || series))
        {
            topic.StandsAlone = true;
        }

        _topics.Join(topic, _vector, ticks, article.Id);
        _splitting.Remember(topic, _vector.ToMember(article.Id, ticks));
        if (topic.Size > 1)
        {
            _clock.ObservePace(topic.FirstTicks, article.Published);
        }
        else if (_options.SecondLook)
        {
            // Alone in its topic: it goes on looking for its story after a restart as it would have without one.
            _secondLook.CarryRestored(_vector, article.Id, ticks, topic);
        }

        if (topic.Size >= topic.NextCheck)
        {
            _topics.Refresh(topic, allowMerge: false);
        }
    }

    public double[]? SaveLearned() => _clock.SavePace();

    public void RestoreLearned(double[] saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        _clock.RestorePace(saved);
    }

    public void KeepApart(string topicId, string otherTopicId)
    {
        if (_topics.TryGet(topicId, out var topic) && _topics.TryGet(otherTopicId, out var other))
        {
            other.Lineage = topic.Lineage;
        }
    }

    public IReadOnlyList<TopicMerge> TakeMerges() => _topics.TakeMerges();

    public IReadOnlyList<TopicSplit> TakeSplits() => _splitting.Take();

    public IReadOnlyList<string> TakeClosed() => _topics.TakeClosed();

    public void Remove(string topicId)
    {
        if (_topics.TryGet(topicId, out var topic))
        {
            _topics.Evict(topic);
        }
    }

    // Takes the read article into the vector, learns its document frequencies and advances the clock.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long? Observe(ClusterInput article, ReadOnlySpan<int> hashes, ReadOnlySpan<float> weights, ReadOnlySpan<int> titleCounts, HeadlineNames headline)
    {
        _vector.Read(hashes, weights, titleCounts);
        _vector.Headline = headline;
        _templates.Drop(article.Source, _vector);
        _vocabulary.Observe(_vector.Terms.AsSpan(0, _vector.Length));
        _vector.Damp();
        _vector.Weigh(_vocabulary);
        _vector.CountMixtureTokens();
        return _clock.Advance(article.Published);
    }

    // Ends the batch: settled, or dropped by a caller that never settles (whose next article then starts a new one).
    private void ClearPending()
    {
        _pending.Clear();
        _pendingVectors.Clear();
        _batchStarted = false;
    }

    // Where an article went: the topic (after any merge its joining set off), its score, whether it founded the
    // topic, a fingerprint of the other candidates it weighed, and the change count right after it joined.
    private readonly record struct Joined(OpenTopic Topic, double Score, bool Created, ulong Candidates, long Evaluated);
}
