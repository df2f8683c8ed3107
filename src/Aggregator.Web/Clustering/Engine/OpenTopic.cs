using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

// A topic the engine still offers to new articles. Each member adds its unit TF-IDF vector, stored divided by IDF so
// the centroid can be re-weighted with the IDF of the moment (early topics then benefit from what the engine learns
// later), and its headline's unit vector to a second centroid; each term also keeps its mixture count, so the mixture
// rule can judge how typical a word is of the topic.
internal sealed class OpenTopic(string id, long sequence)
{
    public string Id { get; } = id;

    // Creation order: ties between topics go to the older one, and hashing by it keeps dictionary order reproducible.
    public long Sequence { get; set; } = sequence;

    public TermTable Terms { get; } = new();

    // The reports that agree with each other (see StoryCore).
    public StoryCore Core { get; } = new();

    // The mixture tokens of all members.
    public long Tokens { get; set; }

    public int Size { get; set; }

    // Counts the topic's changes, so cached norms know when they are stale.
    public int Version { get; set; }

    // The engine-wide change count at the topic's latest change (see StoryClusterer.IsSettled).
    public long Changed { get; set; }

    // The size at which the topic next re-ranks its indexed terms and looks for a twin.
    public int NextCheck { get; set; } = 2;

    public long FirstTicks { get; set; }

    public long LastTicks { get; set; }

    // The article count when the topic was last joined, for closing by count.
    public long LastArticle { get; set; }

    public LinkedListNode<OpenTopic>? Node { get; set; }

    public int[] IndexedTerms { get; set; } = [];

    public bool IsOpen { get; set; } = true;

    // Holds one item that is not a story report (see NonStory): never indexed, so nothing joins or merges into it.
    public bool StandsAlone { get; set; }

    public OpenTopic? MergedInto { get; set; }

    // Its members counted with a half-life from their publication (see StoryClock.AddActivity), kept at ActivityTicks.
    public double Activity { get; set; }

    public long ActivityTicks { get; set; }

    public double LoggedActivity { get; set; } = double.NaN;

    public double LogActivity { get; set; }

    // The candidate lookup this topic was last found by, and the weight it shares with the article (TopicIndex).
    public long Lookup { get; set; }

    public float Overlap { get; set; }

    // What a split check needs: each member's terms (null once the topic is too large to be checked, or closed).
    public List<Member>? Members { get; set; }

    public int NextSplitCheck { get; set; }

    // The two parts of a split share this (otherwise a topic's own sequence), so they are never merged again.
    public long Lineage { get; set; } = sequence;

    // The settle in which the topic last gained members, so it is queued for a split check once per settle.
    public long SplitMark { get; set; }

    // Fields, not properties: the caches are updated in place through refs.
    public NormCache Body = new();
    public NormCache Headline = new();

    // The topic an article of this one now belongs to, following merges; null when it was closed or removed.
    public OpenTopic? Live()
    {
        var topic = this;
        while (topic.MergedInto is { } into)
        {
            topic = into;
        }

        return topic.IsOpen ? topic : null;
    }

    // Adds the article's unit vectors; records in the vector what it added, so it can be taken out again.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Join(ArticleVector vector, long joined)
    {
        var scale = vector.Norm > 0 ? 1.0 / vector.Norm : 0.0;
        var titleScale = vector.TitleNorm > 0 ? 1.0 / vector.TitleNorm : 0.0;
        var (tf, titleTf, idfs, counts) = (vector.Tf, vector.TitleTf, vector.Idf, vector.Counts);
        var (contributions, titleContributions) = (vector.Contribution, vector.TitleContribution);
        var tracked = Body.Version == Version;
        var squared = Body.Squared;
        var titleTracked = Headline.Version == Version;
        var titleSquared = Headline.Squared;
        var terms = Terms;
        for (var i = 0; i < vector.Length; i++)
        {
            ref var entry = ref terms.Upsert(vector.Terms[i]);
            var contribution = (float)(tf[i] * scale);
            contributions[i] = contribution;
            var before = entry.Mass;
            var after = before + contribution;
            entry.Mass = after;
            var idf = (double)idfs[i];
            squared += ((after * after) - (before * before)) * idf * idf;
            var titleContribution = (float)(titleTf[i] * titleScale);
            titleContributions[i] = titleContribution;
            if (titleContribution > 0)
            {
                var titleBefore = entry.Title;
                var titleAfter = titleBefore + titleContribution;
                entry.Title = titleAfter;
                titleSquared += ((titleAfter * titleAfter) - (titleBefore * titleBefore)) * idf * idf;
            }

            entry.Count += counts[i];
        }

        Tokens += vector.Tokens;
        Size++;
        Version++;
        TrackNorms(tracked, squared, titleTracked, titleSquared);
        if (Size == 1 || joined < FirstTicks)
        {
            FirstTicks = joined;
        }

        LastTicks = Math.Max(LastTicks, joined);
    }

    // Takes a packed member out again (idf: its terms' IDF now). Returns whether all of it was still there to take:
    // a topic pruned since the article joined has lost some of its words, and joining again would give them back.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Leave(PackedVectors vectors, int offset, int length, int tokens, float[] idf)
    {
        var whole = true;
        var tracked = Body.Version == Version;
        var squared = Body.Squared;
        var titleTracked = Headline.Version == Version;
        var titleSquared = Headline.Squared;
        var terms = Terms;
        for (var i = 0; i < length; i++)
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
                var weight = (double)idf[i];
                squared += ((after * after) - (before * before)) * weight * weight;
            }

            var titleContribution = vectors.TitleContribution[offset + i];
            if (titleContribution > 0 && entry.Title > 0)
            {
                var before = entry.Title;
                var after = Subtract(before, titleContribution);
                entry.Title = after;
                var weight = (double)idf[i];
                titleSquared += ((after * after) - (before * before)) * weight * weight;
            }

            entry.Count = Math.Max(0, entry.Count - vectors.Counts[offset + i]);
            terms.RemoveIfEmpty(slot);
        }

        whole &= Tokens >= tokens;
        Tokens = Math.Max(0, Tokens - tokens);
        Size--;
        Version++;
        TrackNorms(tracked, squared, titleTracked, titleSquared);
        return whole;
    }

    // Takes in all of another topic (a twin found when merging): its terms, tokens, size and time span.
    public void Absorb(OpenTopic from)
    {
        foreach (ref readonly var source in from.Terms.Slots.AsSpan())
        {
            if (source.Key != 0)
            {
                ref var target = ref Terms.Upsert(source.Key);
                target.Mass += source.Mass;
                target.Title += source.Title;
                target.Count += source.Count;
            }
        }

        Tokens += from.Tokens;
    }

    // Takes in the members of a topic absorbed, unless together they pass the bound (then neither keeps them).
    public void TakeMembers(OpenTopic from, int maxMembers)
    {
        if (Members is { } members && from.Members is { } others && members.Count + others.Count <= maxMembers)
        {
            members.AddRange(others);
        }
        else
        {
            Members = null;
        }

        from.Members = null;
    }

    // Cosine between the vector and the centroid under the current IDF.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Cosine(ArticleVector vector, Vocabulary vocabulary)
    {
        var slots = Terms.Slots;
        var (weights, idf) = (vector.Weights, vector.Idf);
        var dot = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            var slot = Terms.Find(vector.Terms[i]);
            if (slot >= 0)
            {
                dot += weights[i] * slots[slot].Mass * idf[i];
            }
        }

        var norm = Norm(vocabulary, headline: false);
        return norm <= 0 ? 0 : dot / (norm * vector.Norm);
    }

    public float MassOf(int hash)
    {
        var slot = Terms.Find(hash);
        return slot < 0 ? 0 : Terms.Slots[slot].Mass;
    }

    // The length of the centroid (or headline centroid), kept on the topic. The IDF drifts slowly; it is recomputed
    // when the topic changed (and the change could not be tracked) or the corpus grew by a tenth.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Norm(Vocabulary vocabulary, bool headline)
    {
        ref var cache = ref headline ? ref Headline : ref Body;
        var articles = vocabulary.Articles;
        if (cache.Version == Version && articles <= cache.Articles * 1.1 + 10)
        {
            return cache.Norm;
        }

        cache.Set(SquaredNorm(vocabulary, headline), Version, articles);
        return cache.Norm;
    }

    // Keeps the terms bounded: the heaviest centroid and headline terms, and the words seen more than once. Returns
    // whether anything was cut.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Prune(int maxTerms, TermRanker ranker, Vocabulary vocabulary)
    {
        var (massTerms, titleTerms, countTerms) = (0, 0, 0);
        foreach (ref readonly var entry in Terms.Slots.AsSpan())
        {
            if (entry.Key != 0)
            {
                massTerms += entry.Mass > 0 ? 1 : 0;
                titleTerms += entry.Title > 0 ? 1 : 0;
                countTerms += entry.Count > 0 ? 1 : 0;
            }
        }

        var pruned = false;
        if (titleTerms > maxTerms * 2)
        {
            KeepTopTerms(maxTerms, ranker, vocabulary, headline: true);
            pruned = true;
        }

        if (countTerms > maxTerms * 4)
        {
            // Words seen once in a large topic are dropped from its counts (its token total keeps them), so they
            // score as unseen words do: memory per topic stays bounded.
            foreach (ref var entry in Terms.Slots.AsSpan())
            {
                if (entry.Count == 1)
                {
                    entry.Count = 0;
                }
            }

            pruned = true;
        }

        if (massTerms > maxTerms * 2)
        {
            KeepTopTerms(maxTerms, ranker, vocabulary, headline: false);
            pruned = true;
        }

        if (pruned)
        {
            Terms.Compact();
            Version++;
        }

        return pruned;
    }

    // Zeroes the centroid (or headline centroid) mass of every term below the heaviest maxTerms.
    private void KeepTopTerms(int maxTerms, TermRanker ranker, Vocabulary vocabulary, bool headline)
    {
        var floor = ranker.Floor(this, headline, maxTerms, vocabulary);
        foreach (ref var entry in Terms.Slots.AsSpan())
        {
            ref var mass = ref headline ? ref entry.Title : ref entry.Mass;
            if (entry.Key != 0 && mass > 0 && !TermRanker.IsKept(mass, entry.Key, floor, vocabulary))
            {
                mass = 0;
            }
        }
    }

    // The squared length of the centroid (or headline centroid) under the current IDF: a pass over all its terms.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double SquaredNorm(Vocabulary vocabulary, bool headline)
    {
        var sum = 0.0;
        foreach (ref readonly var entry in Terms.Slots.AsSpan())
        {
            var mass = headline ? entry.Title : entry.Mass;
            if (entry.Key != 0 && mass > 0)
            {
                var weight = mass * vocabulary.Idf(entry.Key);
                sum += weight * weight;
            }
        }

        return sum;
    }

    // A member added or removed changes the centroids' squared norms by the change of its own terms, so a norm that
    // was current stays current without a pass over the whole centroid.
    private void TrackNorms(bool tracked, double squared, bool titleTracked, double titleSquared)
    {
        if (tracked)
        {
            Body.Set(Math.Max(0, squared), Version, Body.Articles);
        }

        if (titleTracked)
        {
            Headline.Set(Math.Max(0, titleSquared), Version, Headline.Articles);
        }
    }

    // Takes an article's share out of a centroid term's mass; a term left with (almost) nothing goes to zero.
    private static float Subtract(float before, float amount)
    {
        var after = before - amount;
        return after > 1e-6f ? after : 0;
    }

    // Hash by creation order, not by object identity, so dictionary order (and so every tie) is reproducible.
    public override int GetHashCode() => Sequence.GetHashCode();

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
}

// A centroid's length, the topic version it belongs to and the corpus size whose IDF it was computed under.
internal struct NormCache()
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
