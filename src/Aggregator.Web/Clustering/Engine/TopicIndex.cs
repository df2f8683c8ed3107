using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

// The inverted index that finds the open topics worth weighing for an article (or for a topic looking for its twin):
// each topic is listed under its heaviest terms, and a lookup sums the weight each listed topic shares with the
// query, so no lookup scans all topics.
internal sealed class TopicIndex
{
    // Terms a topic is indexed under: its heaviest.
    private const int IndexedTerms = 20;

    // An article looks up candidate topics through its this-many heaviest terms: they are what the story is about,
    // and it bounds the cost.
    private const int QueryTerms = 16;

    // A term shared by very many open topics says little; its most recently indexed topics suffice.
    private const int MaxPostingsScanned = 200;

    private readonly Dictionary<int, List<OpenTopic>> _postings = [];
    private readonly TermRanker _ranker = new();
    private readonly List<OpenTopic> _found = [];
    private readonly PriorityQueue<OpenTopic, OpenTopic> _heap = new(Comparer<OpenTopic>.Create(static (a, b) => ByOverlap(b, a)));
    private long _lookup;

    // Indexes the topic under its current heaviest terms, at the recent end of each list.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reindex(OpenTopic topic, Vocabulary vocabulary)
    {
        var old = topic.IndexedTerms;
        Unindex(topic);
        if (topic.StandsAlone)
        {
            topic.IndexedTerms = [];
            return;
        }

        var heaviest = _ranker.TopTerms(topic, IndexedTerms, vocabulary);
        var top = old.Length == heaviest.Length ? old : new int[heaviest.Length];
        heaviest.CopyTo(top);
        topic.IndexedTerms = top;
        foreach (var hash in top)
        {
            if (!_postings.TryGetValue(hash, out var postings))
            {
                postings = [];
                _postings.Add(hash, postings);
            }

            postings.Add(topic);
        }
    }

    // Takes the topic out of its posting lists at once, so every entry a lookup meets is a live candidate. A topic
    // re-indexed or closed is usually recent, near the end of its lists, where the search starts; a list left empty
    // goes, so the index holds only the terms open topics are indexed under, however long the stream runs.
    public void Unindex(OpenTopic topic)
    {
        foreach (var hash in topic.IndexedTerms)
        {
            if (_postings.TryGetValue(hash, out var postings))
            {
                var at = postings.LastIndexOf(topic);
                if (at >= 0)
                {
                    postings.RemoveAt(at);
                }

                if (postings.Count == 0)
                {
                    _postings.Remove(hash);
                }
            }
        }

        topic.IndexedTerms = [];
    }

    // The (at most) `keep` topics sharing the most weight with the article through its heaviest terms. The list is
    // valid until the next lookup.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<OpenTopic> Candidates(ArticleVector vector, int keep)
    {
        _found.Clear();
        _lookup++;
        var length = vector.Length;
        var queryTerms = Math.Min(QueryTerms, length);
        Span<int> order = length <= 512 ? stackalloc int[length] : new int[length];
        for (var i = 0; i < length; i++)
        {
            order[i] = i;
        }

        if (queryTerms < length)
        {
            vector.SortByWeight(order);
        }

        for (var q = 0; q < queryTerms; q++)
        {
            var i = order[q];
            if (_postings.TryGetValue(vector.Terms[i], out var postings))
            {
                for (var p = postings.Count - 1; p >= Math.Max(0, postings.Count - MaxPostingsScanned); p--)
                {
                    Accumulate(postings[p], vector.Weights[i]);
                }
            }
        }

        KeepBest(keep);
        return _found;
    }

    // The (at most) `keep` other topics sharing the most weight with a topic through its indexed terms, most first;
    // never a part split from it. The list is valid until the next lookup.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<OpenTopic> Neighbours(OpenTopic topic, int keep, Vocabulary vocabulary)
    {
        _found.Clear();
        _lookup++;
        topic.Lookup = _lookup;
        foreach (var hash in topic.IndexedTerms)
        {
            if (_postings.TryGetValue(hash, out var postings))
            {
                var weight = (float)(topic.MassOf(hash) * vocabulary.Idf(hash));
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

        KeepBest(keep);
        _found.Sort(ByOverlap);
        return _found;
    }

    // Keeps the k candidates with the most overlap (ties: the older topic) without sorting them all: common terms
    // can bring thousands of candidates, and a heap of k costs O(n log k).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void KeepBest(int k)
    {
        if (_found.Count <= k)
        {
            return;
        }

        _heap.Clear();
        foreach (var topic in _found)
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

        _found.Clear();
        while (_heap.TryDequeue(out var topic, out _))
        {
            _found.Add(topic);
        }

        _found.Reverse();
    }

    // Candidate scores live on the topics, stamped with the lookup they belong to: cheaper than a dictionary.
    private void Accumulate(OpenTopic topic, float weight)
    {
        if (topic.Lookup != _lookup)
        {
            topic.Lookup = _lookup;
            topic.Overlap = 0;
            _found.Add(topic);
        }

        topic.Overlap += weight;
    }

    private static int ByOverlap(OpenTopic a, OpenTopic b)
    {
        var byScore = b.Overlap.CompareTo(a.Overlap);
        return byScore != 0 ? byScore : a.Sequence.CompareTo(b.Sequence);
    }
}
