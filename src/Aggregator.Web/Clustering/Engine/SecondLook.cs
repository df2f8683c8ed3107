using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aggregator.Web.Clustering.Engine;

// A second look for articles left alone. The first report of a story often arrives before the story has a topic to
// join, or worded so that the few reports seen so far explain it no better than a topic of its own; once the story
// has grown, the same article may be far likelier in it. An article still alone in its topic when its batch settles
// is carried into later settles while it is young (SecondLookPaces) and its topic open, and chooses again once a later
// batch has settled, as long as it is still alone. It moves only when a story is clearly likelier than staying
// (SecondLookMargin, see MixtureRule), never on the centroid override alone, and never into a topic that began well
// before it or a part split from its own. When it joins another topic, its own topic (already shown) merges into that
// one, so its id redirects as after any merge.
internal sealed class SecondLook(StoryClustererOptions options, StoryClock clock)
{
    // A look weighs only the topics sharing the most weight with the article: the story it belongs to, grown into its
    // words, is among them (on GoogleNews, 10 instead of 40 moved 84 articles instead of 85, at a quarter of the cost
    // per look).
    public const int Candidates = 10;

    // An article is carried while it is at most this many story paces older than the newest article, and may join only
    // a topic that began at most this many paces before it: a story draws most of its reports within a couple of
    // paces, and an older theme topic had its chance at first sight.
    public const double Paces = 2;

    private const int LoneCapacity = 1024;

    // The first look comes this many settles after the article's own: earlier ones rarely change its answer, since
    // its story has to grow first (on GoogleNews, looks from the first settle on move 85 articles in 1,693 looks;
    // from the fourth on, 74 in 632, for the same F1).
    private const int FirstLookAge = 4;

    private List<PendingArticle> _lone = [];
    private PackedVectors _loneVectors = new(LoneCapacity);
    private List<PendingArticle> _nextLone = [];
    private PackedVectors _nextLoneVectors = new(LoneCapacity);

    // Chooses again for one article of the pending list (see StoryClusterer.ChooseAgain).
    public delegate bool Choose(ref PendingArticle article);

    /// <summary>Articles that left a topic of their own for a story on a second look, so far.</summary>
    public long Moves { get; private set; }

    /// <summary>Second looks taken so far (an article carried for a while looks more than once).</summary>
    public long Looks { get; private set; }

    // Once the batch has settled, the carried articles still alone choose again, each once, among the settled topics.
    // They join the pending list after the batch's own articles (so the members and the split check see them). An
    // article looks 4, 8, 16 ... settles after its own: by then the stories around it have grown enough to change its
    // answer, and the work per article grows with the logarithm of how long it is carried. Returns where they begin.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int LookAgain(List<PendingArticle> pending, PackedVectors pendingVectors, Choose choose)
    {
        var batch = pending.Count;
        var since = CarriedSince();
        foreach (var carried in CollectionsMarshal.AsSpan(_lone))
        {
            // One that is no longer alone (reports joined it, or it merged) has found its story.
            if (carried.Ticks < since || carried.Topic.Live() is not { Size: 1 } topic || !ReferenceEquals(topic, carried.Topic))
            {
                continue;
            }

            if (carried.Age < FirstLookAge || !BitOperations.IsPow2(carried.Age))
            {
                Carry(in carried, carried.Age + 1, _loneVectors, carried.Offset);
                continue;
            }

            var offset = pendingVectors.Append(_loneVectors, carried.Offset, carried.Length);
            pending.Add(carried with { Offset = offset });
        }

        var looking = CollectionsMarshal.AsSpan(pending);
        for (var i = batch; i < looking.Length; i++)
        {
            if (looking[i].Topic.Live() is { Size: 1 })
            {
                Looks++;
                choose(ref looking[i]);
            }
        }

        return batch;
    }

    // After the looks: a carried article that chose another topic takes its own topic's id there (a merge).
    public void RecordMoves(List<PendingArticle> pending, int from, OpenTopics topics)
    {
        var looked = CollectionsMarshal.AsSpan(pending);
        for (var i = from; i < looked.Length; i++)
        {
            ref readonly var article = ref looked[i];
            if (article.Carried is { } own && article.Topic.Live() is { } now && now.Id != own.Id)
            {
                topics.Merged(own, now);
                Moves++;
            }
        }
    }

    // Keeps the settled batch's articles (and the carried ones that looked) that are still alone in their topic for
    // the next settles.
    public void KeepLone(List<PendingArticle> pending, PackedVectors pendingVectors)
    {
        var since = CarriedSince();
        foreach (ref readonly var article in CollectionsMarshal.AsSpan(options.SecondLook ? pending : null))
        {
            if (article.Ticks < since || article.Topic.Live() is not { Size: 1, StandsAlone: false } topic)
            {
                continue;
            }

            Carry(article with { Topic = topic }, article.Age + 1, pendingVectors, article.Offset);
        }

        (_lone, _nextLone) = (_nextLone, _lone);
        (_loneVectors, _nextLoneVectors) = (_nextLoneVectors, _loneVectors);
        _nextLone.Clear();
        _nextLoneVectors.Clear();
    }

    // Carries a restored article (in the vector, just added to its topic) into the next settle.
    public void CarryRestored(ArticleVector vector, string id, long? ticks, OpenTopic topic)
    {
        var offset = vector.PackInto(_loneVectors);
        _lone.Add(new PendingArticle(id, ticks, offset, vector.Length, vector.Tokens, vector.Headline, topic, 0, 0, 0, topic, 1));
    }

    // With publication times, an article is carried only while the story it may belong to is still breaking: a few
    // paces behind the newest article. Without times every article is as current as the next.
    private long CarriedSince() => clock.HasTime ? clock.Now - (long)(Paces * clock.PaceTicks) : long.MinValue;

    // Adds an article to the carry list of the next settle, its vector taken from the given set.
    private void Carry(in PendingArticle article, int age, PackedVectors from, int offset)
    {
        var at = _nextLoneVectors.Append(from, offset, article.Length);
        _nextLone.Add(article with { Carried = article.Topic, Offset = at, Age = age });
    }
}
