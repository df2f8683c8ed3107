using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

// The topics the engine holds open, and what happens to them as a whole: articles join and leave, topics are
// re-indexed and absorb their twins as they grow, and close when idle, so memory depends on how many stories are open,
// not on how many articles were ever seen. Keeps the open articles' total pull and a count of changes to topics (a
// topic keeps the count of its latest, see StoryClusterer.IsSettled).
internal sealed class OpenTopics
{
    // Twins absorbed at most per growth check.
    private const int MaxMergesPerCheck = 4;

    // A topic re-ranks its indexed terms and looks for a twin each time it grows by this factor (at 2, 3, 4, 5, 6, 8,
    // 10, 12 ... articles), so the work per topic grows with the logarithm of its size.
    private const double RecheckGrowth = 1.2;

    // A topic's centroid keeps its this-many heaviest terms (twice as many before it is cut back), so a huge story
    // costs no more than a small one.
    private const int MaxCentroidTerms = 200;

    private readonly StoryClustererOptions _options;
    private readonly Vocabulary _vocabulary;
    private readonly StoryClock _clock;
    private readonly Merging _merging;
    private readonly TermRanker _ranker = new();
    private readonly Dictionary<string, OpenTopic> _topics = new(StringComparer.Ordinal);
    private readonly LinkedList<OpenTopic> _byActivity = new();
    private readonly List<TopicMerge> _merges = [];
    private readonly List<string> _closed = [];
    private long _sequence;
    private long _openArticles;
    private double _activity;

    public OpenTopics(StoryClustererOptions options, Vocabulary vocabulary, StoryClock clock)
    {
        _options = options;
        _vocabulary = vocabulary;
        _clock = clock;
        Index = new TopicIndex();
        _merging = new Merging(options, Index, vocabulary, clock);
    }

    public TopicIndex Index { get; }

    public int Count => _topics.Count;

    // The sequence the next topic gets.
    public long NextSequence => _sequence;

    // The latest change count.
    public long Changes { get; private set; }

    // Growth checks so far (see Refresh), which may prune, re-index and merge topics.
    public long Refreshes { get; private set; }

    // How often a topic's terms were cut back to the heaviest.
    public long Prunes { get; private set; }

    // When the open articles' total activity was last changed.
    public long ActivityTicks { get; private set; }

    public bool TryGet(string id, out OpenTopic topic) => _topics.TryGetValue(id, out topic!);

    // A new topic, founded by the given article (its id from the article's) or under a given id.
    public OpenTopic Found(string articleId) => Create(NewId(articleId));

    public OpenTopic Create(string id) => Open(id, _sequence++);

    // Opens a topic at a given place in the order of topics.
    public OpenTopic Open(string id, long sequence)
    {
        var topic = new OpenTopic(id, sequence) { Members = _options.SplitMinSize > 0 ? [] : null, NextSplitCheck = _options.SplitMinSize };
        _topics.Add(id, topic);
        topic.Node = _byActivity.AddLast(topic);
        return topic;
    }

    // An id for a new topic from a seed, unique among the open topics.
    public string NewId(string seed) => TopicIds.New(seed, _topics.ContainsKey);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Join(OpenTopic topic, ArticleVector vector, long? ticks, string id)
    {
        var at = ticks ?? _clock.Now;
        if (topic.Core.Count == 0 || (topic.Core.Cosine(vector) >= StoryCore.Agreement && !(_options.NameCore && LateJoin.ByCore(_options, _vocabulary) && topic.Core.NamesOther(vector.Headline, _vocabulary, LateJoin.NameIdf(_options)))))
        {
            topic.Core.Add(id, at, vector);
        }

        topic.Join(vector, at);
        _openArticles++;
        (topic.Activity, topic.ActivityTicks) = _clock.AddActivity(topic.Activity, topic.ActivityTicks, at, 1);
        (_activity, ActivityTicks) = _clock.AddActivity(_activity, ActivityTicks, at, 1);
        topic.Changed = ++Changes;
        Touch(topic);
        if (topic.Size == 1)
        {
            Reindex(topic);
            topic.NextCheck = 2;
        }
    }

    // Takes a pending article (loaded into the vector, for its terms' IDF) out of its topic; see OpenTopic.Leave.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (bool Whole, StoryCore.Report? Core) Leave(OpenTopic topic, in PendingArticle article, PackedVectors vectors, ArticleVector vector)
    {
        var whole = topic.Leave(vectors, article.Offset, article.Length, article.Tokens, vector.Idf);
        var core = topic.Core.Remove(article.Id);
        topic.Changed = ++Changes;
        _openArticles--;
        var at = article.Ticks ?? _clock.Now;
        (topic.Activity, topic.ActivityTicks) = _clock.AddActivity(topic.Activity, topic.ActivityTicks, at, -1);
        (_activity, ActivityTicks) = _clock.AddActivity(_activity, ActivityTicks, at, -1);
        topic.Activity = Math.Max(0, topic.Activity);
        _activity = Math.Max(0, _activity);
        if (topic.Size == 0)
        {
            Evict(topic);
        }

        return (whole, core);
    }

    // A topic that was just joined is the last to be closed for idleness.
    public void Touch(OpenTopic topic)
    {
        topic.LastArticle = _vocabulary.Articles;
        _byActivity.Remove(topic.Node!);
        _byActivity.AddLast(topic.Node!);
    }

    // The open topics' pull at the given time, against which a new topic's is weighed: their activity, or their
    // articles when the stream has no times. streamFloor: where the stream had come when the batch began.
    public double Pull(long now, long streamFloor) => !_clock.UsesActivity
        ? Math.Max(1, _openArticles)
        : Math.Max(1.0, streamFloor - now > _clock.ActivityHalfLifeTicks ? ActivityAt(now) : _clock.Activity(_activity, ActivityTicks, now));

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
            total += _clock.Activity(topic.Activity, topic.ActivityTicks, at);
        }

        return total;
    }

    // At growth milestones (sizes 2, 3, 4, 6, 9, ...): prune the centroid, re-index its top terms, look for a twin.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public OpenTopic Refresh(OpenTopic topic, bool allowMerge)
    {
        Refreshes++;
        topic.NextCheck = Math.Max(topic.Size + 1, (int)Math.Ceiling(topic.Size * RecheckGrowth));
        Prune(topic);
        Reindex(topic);
        if (!allowMerge)
        {
            return topic;
        }

        // A growing topic may turn out to be the same story as several fragments; absorb them one by one.
        for (var merged = 0; merged < MaxMergesPerCheck; merged++)
        {
            var twin = _merging.FindTwin(topic);
            if (twin is null)
            {
                break;
            }

            var (into, from) = twin.Size > topic.Size || (twin.Size == topic.Size && twin.Sequence < topic.Sequence)
                ? (twin, topic)
                : (topic, twin);
            into.Absorb(from);
            into.Core.Absorb(from.Core);
            into.TakeMembers(from, Splitting.MaxSize);
            (into.Activity, into.ActivityTicks) = _clock.AddActivity(into.Activity, into.ActivityTicks, from.ActivityTicks, from.Activity);
            (_activity, ActivityTicks) = _clock.AddActivity(_activity, ActivityTicks, from.ActivityTicks, from.Activity);
            _openArticles += from.Size;

            into.Size += from.Size;
            into.Version++;
            into.Changed = ++Changes;
            into.LastTicks = Math.Max(into.LastTicks, from.LastTicks);
            into.FirstTicks = Math.Min(into.FirstTicks, from.FirstTicks);
            into.LastArticle = Math.Max(into.LastArticle, from.LastArticle);
            _byActivity.Remove(into.Node!);
            _byActivity.AddLast(into.Node!);
            Evict(from);
            from.MergedInto = into;
            _merges.Add(new TopicMerge(from.Id, into.Id));
            into.NextCheck = Math.Max(into.Size + 1, (int)Math.Ceiling(into.Size * RecheckGrowth));
            Prune(into);
            Reindex(into);
            topic = into;
        }

        return topic;
    }

    // Records a merge decided elsewhere (a second look).
    public void Merged(OpenTopic from, OpenTopic into)
    {
        from.MergedInto ??= into;
        _merges.Add(new TopicMerge(from.Id, into.Id));
    }

    private void Prune(OpenTopic topic)
    {
        if (topic.Prune(MaxCentroidTerms, _ranker, _vocabulary))
        {
            Prunes++;
            topic.Changed = ++Changes;
        }
    }

    private void Reindex(OpenTopic topic)
    {
        topic.Changed = ++Changes;
        Index.Reindex(topic, _vocabulary);
    }

    // Closes the topics idle for CloseAfter (by publication time) or for CloseAfterArticles articles.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CloseIdle()
    {
        var closeBefore = _clock.Now - _options.CloseAfter.Ticks;
        while (_byActivity.First is { } first)
        {
            var topic = first.Value;
            var idleByTime = _clock.HasTime && topic.LastTicks < closeBefore;
            var idleByCount = _vocabulary.Articles - topic.LastArticle > _options.CloseAfterArticles;
            if (!idleByTime && !idleByCount)
            {
                break;
            }

            Evict(topic);
            _closed.Add(topic.Id);
        }
    }

    // For an article older than where its batch began (an archive after newer stories): the topics least recently
    // touched are the newer stories, which are not idle, so CloseIdle stops at them and the archive's own topics
    // would all stay open however far the archive moves on (and every one of them is weighed by ActivityAt). Passes
    // over topics ahead of the article and closes those idle for CloseAfter before it, up to the first topic of this
    // part of the stream still in use.
    public void CloseIdleBehind(long ticks)
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

    public void Evict(OpenTopic topic)
    {
        Index.Unindex(topic);
        _openArticles -= topic.Size;
        (_activity, ActivityTicks) = _clock.AddActivity(_activity, ActivityTicks, topic.ActivityTicks, -topic.Activity);
        _activity = Math.Max(0, _activity);
        topic.IsOpen = false;
        topic.Members = null;
        _byActivity.Remove(topic.Node!);
        _topics.Remove(topic.Id);
    }

    public IReadOnlyList<TopicMerge> TakeMerges()
    {
        var merges = _merges.ToArray();
        _merges.Clear();
        return merges;
    }

    public IReadOnlyList<string> TakeClosed()
    {
        var closed = _closed.ToArray();
        _closed.Clear();
        return closed;
    }
}
