using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

// Finds the twin a growing topic should absorb: the same story, begun as a fragment of its own. Two topics are one
// story when their headlines say the same thing (bodies share a field's vocabulary: every CES gadget review says
// "display" and "battery") and their members, taken together, stay alike.
internal sealed class Merging(StoryClustererOptions options, TopicIndex index, Vocabulary vocabulary, StoryClock clock)
{
    // The neighbours (by shared indexed weight) weighed as twins.
    private const int MergeCandidates = 8;

    // Share of the single most important shared term left out of two topics' similarity: stories that are one share
    // many terms, while different stories often share just one ambiguous word ("star", "black", "Apple").
    private const double TopTermDiscount = 0.5;

    // Cosine between two cores below which their topics never merge (before the late-join bar for the gap between
    // them). Two cores sum a dozen reports each, so they agree less than an article agrees with its own core.
    private const double CoreAgreement = 0.1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public OpenTopic? FindTwin(OpenTopic topic)
    {
        var neighbours = index.Neighbours(topic, MergeCandidates, vocabulary);
        OpenTopic? best = null;
        var bestScore = 0.0;
        for (var i = 0; i < Math.Min(MergeCandidates, neighbours.Count); i++)
        {
            var other = neighbours[i];

            // A similarity is at most 1, so a pair the time decay alone rules out is not compared.
            var decay = clock.Decay(topic, other);
            if (decay < options.MergeThreshold || decay <= bestScore)
            {
                continue;
            }

            // Two topics begun days apart are one story only if their headlines agree all the more closely.
            var similarity = HeadlineSimilarity(topic, other);
            if (similarity < LateJoin.Needed(options, Math.Abs(topic.FirstTicks - other.FirstTicks)))
            {
                continue;
            }

            // Where cores decide joins (see LateJoin.ByCore), they decide merges too: headlines alike in their template
            // ("A 101-99 B: game recap") or their field make no story of two topics whose cores disagree.
            if (LateJoin.ByCore(options, vocabulary) && topic.Core.Cosine(other.Core) < CoreAgreement + LateJoin.Needed(options, Math.Abs(topic.FirstTicks - other.FirstTicks)))
            {
                continue;
            }

            if (options.NameMerge && LateJoin.ByCore(options, vocabulary) && topic.Core.NamesOther(other.Core, vocabulary, LateJoin.NameIdf(options)))
            {
                continue;
            }

            var score = similarity * decay;
            if (score > bestScore && score >= options.MergeThreshold && MergedCohesion(topic, other) >= options.MinMergedCohesion)
            {
                best = other;
                bestScore = score;
            }
        }

        return bestScore >= options.MergeThreshold ? best : null;
    }

    // Cosine between two topics' headline centroids under the current IDF, the most important shared term discounted.
    private double HeadlineSimilarity(OpenTopic a, OpenTopic b)
    {
        var (dot, top) = SharedWeight(a.Terms, b.Terms, headline: true);
        return dot <= 0 ? 0 : (dot - (top * TopTermDiscount)) / (a.Norm(vocabulary, headline: true) * b.Norm(vocabulary, headline: true));
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
                var idf = vocabulary.Idf(entry.Key);
                var part = mass * other * idf * idf;
                dot += part;
                top = Math.Max(top, part);
            }
        }

        return (dot, top);
    }

    // How alike the members of two topics would be as one: the length of the mean of their unit vectors (1 when all
    // are the same, near 0 when they have nothing in common). A field's worth of loosely related reports ("everything
    // at CES") shares words with every story in it, but its members barely resemble each other.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double MergedCohesion(OpenTopic a, OpenTopic b)
    {
        var sum = 0.0;
        foreach (ref readonly var entry in a.Terms.Slots.AsSpan())
        {
            if (entry.Key != 0 && entry.Mass > 0)
            {
                var weight = (entry.Mass + b.MassOf(entry.Key)) * vocabulary.Idf(entry.Key);
                sum += weight * weight;
            }
        }

        foreach (ref readonly var entry in b.Terms.Slots.AsSpan())
        {
            if (entry.Key != 0 && entry.Mass > 0 && a.MassOf(entry.Key) == 0)
            {
                var weight = entry.Mass * vocabulary.Idf(entry.Key);
                sum += weight * weight;
            }
        }

        return Math.Sqrt(sum) / (a.Size + b.Size);
    }
}
