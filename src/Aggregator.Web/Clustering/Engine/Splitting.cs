using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aggregator.Web.Clustering.Engine;

// Splitting a topic that holds two stories. Articles join one at a time, so two stories that start out alike (news
// about a celebrity and a parody of his video, two HIV reports from different countries) can grow in one topic: each
// article on its own is likelier in the big topic than alone, though the members as a whole are far likelier as two.
// No single move undoes that; a split move does. Topics keep their members' vectors; after a settle, each topic that
// gained members and has grown enough since its last check is tried (see SplitSearch), and the best split is made when
// it beats the whole. The larger part keeps the id; the other becomes a new topic.
internal sealed class Splitting(StoryClustererOptions options, OpenTopics topics, Vocabulary vocabulary)
{
    // Topics larger than this are not checked, and stop keeping what a check needs (each member's terms), so a story
    // of thousands of reports costs no more memory than its centroid.
    public const int MaxSize = 3000;

    // A topic is checked again once it has grown by this factor since its last check.
    private const double Growth = 2;

    private readonly SplitSearch _search = new();
    private readonly ArticleVector _vector = new();
    private readonly List<TopicSplit> _splits = [];
    private readonly List<OpenTopic> _toCheck = [];
    private long _settleMark;

    /// <summary>Topics split so far.</summary>
    public long Count { get; private set; }

    // A settled batch's articles become members of the topics they ended in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CommitMembers(List<PendingArticle> pending, PackedVectors vectors)
    {
        _settleMark++;
        if (options.SplitMinSize == 0)
        {
            return;
        }

        foreach (ref readonly var article in CollectionsMarshal.AsSpan(pending))
        {
            // A carried article is a member of its topic already, unless it chose another on its second look.
            if (article.Topic.Live() is not { } topic || topic.Members is null || ReferenceEquals(topic, article.Carried))
            {
                continue;
            }

            var (offset, length) = (article.Offset, article.Length);
            Remember(topic, Member.Of(article.Id, article.Ticks, article.Tokens, vectors.Terms.AsSpan(offset, length), vectors.Counts.AsSpan(offset, length),
                vectors.Tf.AsSpan(offset, length), vectors.TitleTf.AsSpan(offset, length), article.Headline));
        }
    }

    // Keeps a member's vector on its topic (until the topic grows too large to be checked) and queues the topic.
    public void Remember(OpenTopic topic, Member member)
    {
        if (topic.Members is not { } members)
        {
            return;
        }

        if (members.Count >= MaxSize)
        {
            topic.Members = null;
            return;
        }

        members.Add(member);
        if (topic.SplitMark != _settleMark)
        {
            topic.SplitMark = _settleMark;
            _toCheck.Add(topic);
        }
    }

    // Drops the queue (a batch given up unsettled).
    public void ForgetQueued() => _toCheck.Clear();

    // Checks the topics that gained members in this settle; returns the batch's articles that moved, by id.
    public Dictionary<string, OpenTopic>? CheckQueued()
    {
        Dictionary<string, OpenTopic>? moved = null;
        for (var i = 0; i < _toCheck.Count; i++)
        {
            var topic = _toCheck[i];
            if (!topic.IsOpen || topic.Members is not { } members || members.Count != topic.Size
                || topic.Size < Math.Max(2, Math.Max(options.SplitMinSize, topic.NextSplitCheck)))
            {
                continue;
            }

            topic.NextSplitCheck = (int)Math.Ceiling(topic.Size * Growth);
            if (!_search.FindSplit(members, vocabulary.Size))
            {
                continue;
            }

            var (keep, part) = Split(topic, _search.Leaving(members.Count));
            moved ??= new Dictionary<string, OpenTopic>(StringComparer.Ordinal);
            foreach (var member in part.Members!)
            {
                moved[member.Id] = part;
            }

            _toCheck.Add(keep);
            _toCheck.Add(part);
        }

        _toCheck.Clear();
        return moved;
    }

    public IReadOnlyList<TopicSplit> Take()
    {
        var splits = _splits.ToArray();
        _splits.Clear();
        return splits;
    }

    // Rebuilds the topic as two: the members marked 1 leave for a new topic, the rest stay under the topic's id and
    // place in the order of topics. Both are built afresh from their members' vectors under the current IDF, as if
    // the members had joined them alone.
    private (OpenTopic Keep, OpenTopic Part) Split(OpenTopic topic, ReadOnlySpan<int> leavingSide)
    {
        var members = topic.Members!;
        var staying = new List<Member>(members.Count);
        var leaving = new List<Member>();
        for (var d = 0; d < members.Count; d++)
        {
            (leavingSide[d] == 1 ? leaving : staying).Add(members[d]);
        }

        var (id, sequence, lineage) = (topic.Id, topic.Sequence, topic.Lineage);
        topics.Evict(topic);
        var keep = topics.Open(id, sequence);
        // A new topic's id from the topic, its first leaving member and the size: reproducible, and unlike any id the
        // same article could found or any earlier split of the topic could make.
        var part = topics.Create(topics.NewId(string.Concat(id, "/", leaving[0].Id, "/", members.Count.ToString(CultureInfo.InvariantCulture))));
        topic.MergedInto = keep;
        keep.Lineage = lineage;
        part.Lineage = lineage;
        Rebuild(keep, staying);
        Rebuild(part, leaving);
        // Either part may hold two stories of its own: both are checked again at once.
        keep.NextSplitCheck = 0;
        part.NextSplitCheck = 0;
        Count++;
        _splits.Add(new TopicSplit(id, part.Id, leaving.ConvertAll(m => m.Id)));
        return (keep, part);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rebuild(OpenTopic topic, List<Member> members)
    {
        foreach (var member in members)
        {
            _vector.Load(member);
            _vector.Weigh(vocabulary);
            topics.Join(topic, _vector, member.Ticks, member.Id);
        }

        topic.Members = members;
        topics.Refresh(topic, allowMerge: false);
    }
}
