using System.Runtime.InteropServices;

namespace Aggregator.Web.Clustering.Engine;

// A second look for articles left alone. The first report of a story often arrives before the story has a topic to
// join, or worded so that the few reports seen so far explain it no better than a topic of its own; once the story
// has grown, the same article may be far likelier in it. An article still alone in its topic when its batch settles
// is carried into the next settles while its topic is open (topics close when idle, so this stays bounded), and
// chooses again there beside the new batch, as long as it is still alone; it moves only when the story is clearly
// likelier than staying (StoryClustererOptions.SecondLookMargin), and never on the centroid override alone. When it joins another topic, its own topic (already
// shown) merges into that one, so its id redirects as after any merge.
public sealed partial class StoryClusterer
{
    private readonly List<PendingArticle> _lone = [];
    private readonly PackedVectors _loneVectors = new();

    /// <summary>Articles that left a topic of their own for a story on a second look, so far.</summary>
    internal long SecondLookMoves { get; private set; }

    // Appends the carried articles to the pending batch, after its own articles, so they choose again in its sweeps.
    private void TakeBackLone()
    {
        foreach (var carried in CollectionsMarshal.AsSpan(_lone))
        {
            // One that is no longer alone (reports joined it, or it merged) has found its story.
            if (Live(carried.Topic) is not { Size: 1 } topic || !ReferenceEquals(topic, carried.Topic))
            {
                continue;
            }

            var offset = ReservePending(carried.Length);
            _loneVectors.CopyTo(carried.Offset, carried.Length, offset, _pendingTerms, _pendingTf, _pendingCounts, _pendingTitleTf,
                _pendingContribution, _pendingTitleContribution);
            _pending.Add(carried with { Offset = offset, Evaluated = 0, Candidates = 0 });
        }

        _lone.Clear();
        _loneVectors.Clear();
    }

    // After the sweeps: a carried article that chose another topic takes its own topic's id there (a merge).
    private void RecordSecondLooks(int batch)
    {
        var pending = CollectionsMarshal.AsSpan(_pending);
        for (var i = batch; i < pending.Length; i++)
        {
            ref readonly var article = ref pending[i];
            if (article.Carried is { } own && Live(article.Topic) is { } now && now.Id != own.Id)
            {
                own.MergedInto ??= now;
                _merges.Add(new TopicMerge(own.Id, now.Id));
                SecondLookMoves++;
            }
        }
    }

    // Keeps the settled batch's articles (and the carried ones) that are still alone in their topic for the next
    // settles, up to their allowance.
    private void KeepLone()
    {
        if (!_options.SecondLook)
        {
            return;
        }

        // With publication times, only while the story it may belong to is still breaking: a few paces behind the
        // newest article. Without times every article is as current as the next.
        var since = _hasTime ? _nowTicks - (long)(_options.SecondLookPaces * _paceTicks) : long.MinValue;
        foreach (ref readonly var article in CollectionsMarshal.AsSpan(_pending))
        {
            if (article.Ticks < since || Live(article.Topic) is not { Size: 1 } topic)
            {
                continue;
            }

            var offset = _loneVectors.Append(article.Offset, article.Length, _pendingTerms, _pendingTf, _pendingCounts, _pendingTitleTf,
                _pendingContribution, _pendingTitleContribution);
            _lone.Add(article with { Topic = topic, Carried = topic, Offset = offset });
        }
    }

    // Whether a pending article takes part in the sweeps: the batch's own always, a carried one while it is alone.
    private static bool Sweeps(in PendingArticle article, Topic from) => article.Carried is null || from.Size == 1;

    // The vectors of carried articles, packed one after another as in the pending buffers.
    private sealed class PackedVectors
    {
        private int[] _terms = new int[1024];
        private float[] _tf = new float[1024];
        private int[] _counts = new int[1024];
        private float[] _titleTf = new float[1024];
        private float[] _contribution = new float[1024];
        private float[] _titleContribution = new float[1024];
        private int _used;

        public void Clear() => _used = 0;

        public int Append(int from, int length, int[] terms, float[] tf, int[] counts, float[] titleTf, float[] contribution, float[] titleContribution)
        {
            if (_used + length > _terms.Length)
            {
                var size = Math.Max(_used + length, _terms.Length * 2);
                Array.Resize(ref _terms, size);
                Array.Resize(ref _tf, size);
                Array.Resize(ref _counts, size);
                Array.Resize(ref _titleTf, size);
                Array.Resize(ref _contribution, size);
                Array.Resize(ref _titleContribution, size);
            }

            var offset = _used;
            Array.Copy(terms, from, _terms, offset, length);
            Array.Copy(tf, from, _tf, offset, length);
            Array.Copy(counts, from, _counts, offset, length);
            Array.Copy(titleTf, from, _titleTf, offset, length);
            Array.Copy(contribution, from, _contribution, offset, length);
            Array.Copy(titleContribution, from, _titleContribution, offset, length);
            _used += length;
            return offset;
        }

        public void CopyTo(int from, int length, int to, int[] terms, float[] tf, int[] counts, float[] titleTf, float[] contribution, float[] titleContribution)
        {
            Array.Copy(_terms, from, terms, to, length);
            Array.Copy(_tf, from, tf, to, length);
            Array.Copy(_counts, from, counts, to, length);
            Array.Copy(_titleTf, from, titleTf, to, length);
            Array.Copy(_contribution, from, contribution, to, length);
            Array.Copy(_titleContribution, from, titleContribution, to, length);
        }
    }
}
