using Aggregator.Web.Clustering;
using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering;

/// <summary>
/// A predictable stand-in for the engine, so runner tests can state exactly which story each article belongs to:
/// articles join the topic of their title's first word. Merges, splits and closes are scripted by the test.
/// </summary>
internal sealed class ScriptedClusterer : IStoryClusterer
{
    private readonly Dictionary<string, string> _topicByKey = new(StringComparer.Ordinal);
    private readonly List<TopicMerge> _merges = [];
    private readonly List<string> _closed = [];
    private readonly List<TopicSplit> _splits = [];
    private readonly HashSet<string> _unshown = new(StringComparer.Ordinal);
    private readonly List<(ClusterInput Article, ClusterAssignment Assignment)> _pending = [];
    private int _next = 0x5a0000;

    public List<string> Removed { get; } = [];

    /// <summary>Article title → key of the topic the article settles into (a move decided when its batch settles).</summary>
    public Dictionary<string, string> SettleMoves { get; } = new(StringComparer.Ordinal);

    public List<(string TopicId, string ArticleId)> Restored { get; } = [];

    /// <summary>Runs once when the runner next takes the merges: after it checked which topics accept articles, before it stores the batch.</summary>
    public Action? OnceBeforeStoring { get; set; }

    public List<(string TopicId, string OtherTopicId)> KeptApart { get; } = [];

    public void KeepApart(string topicId, string otherTopicId) => KeptApart.Add((topicId, otherTopicId));

    public ClusterAssignment Add(ClusterInput article)
    {
        var key = Key(article.Title);
        if (_topicByKey.TryGetValue(key, out var topicId))
        {
            // A split's new topic is new to the caller until an article of a batch goes there (as the engine reports).
            _pending.Add((article, new ClusterAssignment(article.Id, topicId, _unshown.Remove(topicId), 0.8)));
            return _pending[^1].Assignment;
        }

        topicId = (_next++).ToString("x10", System.Globalization.CultureInfo.InvariantCulture);
        _topicByKey[key] = topicId;
        _pending.Add((article, new ClusterAssignment(article.Id, topicId, true, 0)));
        return _pending[^1].Assignment;
    }

    public IReadOnlyList<ClusterAssignment> Settle()
    {
        var settled = new List<ClusterAssignment>();
        foreach (var (article, assignment) in _pending)
        {
            if (!SettleMoves.TryGetValue(article.Title, out var key))
            {
                settled.Add(assignment);
                continue;
            }

            var isNew = !_topicByKey.TryGetValue(key, out var topicId);
            if (isNew)
            {
                topicId = (_next++).ToString("x10", System.Globalization.CultureInfo.InvariantCulture);
                _topicByKey[key] = topicId;
            }

            settled.Add(new ClusterAssignment(article.Id, topicId!, isNew, 0.5));
        }

        _pending.Clear();
        return settled;
    }

    public void Restore(string topicId, ClusterInput article)
    {
        _topicByKey[Key(article.Title)] = topicId;
        Restored.Add((topicId, article.Id));
    }

    public IReadOnlyList<TopicMerge> TakeMerges()
    {
        var once = OnceBeforeStoring;
        OnceBeforeStoring = null;
        once?.Invoke();
        var merges = _merges.ToList();
        _merges.Clear();
        return merges;
    }

    /// <summary>
    /// Scripts a split: the topic of <paramref name="key"/> loses the given articles to a new topic, which from then on
    /// takes the articles of <paramref name="newKey"/>. Returns the new topic's id.
    /// </summary>
    public string Split(string key, string newKey, params string[] articleIds)
    {
        var newTopicId = (_next++).ToString("x10", System.Globalization.CultureInfo.InvariantCulture);
        _topicByKey[Key(newKey)] = newTopicId;
        _unshown.Add(newTopicId);
        _splits.Add(new TopicSplit(_topicByKey[Key(key)], newTopicId, articleIds));
        return newTopicId;
    }

    public IReadOnlyList<TopicSplit> TakeSplits()
    {
        var splits = _splits.ToList();
        _splits.Clear();
        return splits;
    }

    public IReadOnlyList<string> TakeClosed()
    {
        var closed = _closed.ToList();
        _closed.Clear();
        return closed;
    }

    public void Remove(string topicId)
    {
        Removed.Add(topicId);
        foreach (var key in _topicByKey.Where(p => p.Value == topicId).Select(p => p.Key).ToList())
        {
            _topicByKey.Remove(key);
        }
    }

    public void ScheduleMerge(string from, string into)
    {
        _merges.Add(new TopicMerge(from, into));
        foreach (var key in _topicByKey.Where(p => p.Value == from).Select(p => p.Key).ToList())
        {
            _topicByKey[key] = into;
        }
    }

    public void ScheduleClose(string topicId) => _closed.Add(topicId);

    private static string Key(string title) => title.Split(' ', 2)[0].ToLowerInvariant();
}
