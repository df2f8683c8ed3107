using System.Globalization;

namespace Aggregator.Web.Clustering.Engine;

// Topic ids and fingerprints from hashes: reproducible across runs and processes.
internal static class TopicIds
{
    // Ten hex characters from a hash of a seed (the founding article's id), tried again with a new attempt number
    // until the id is free among the open topics.
    public static string New(string seed, Func<string, bool> taken)
    {
        for (var attempt = 0UL; ; attempt++)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in seed)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash ^= attempt * 0x9E3779B97F4A7C15UL;
            hash = Mix(hash);
            var id = (hash >> 24).ToString("x10", CultureInfo.InvariantCulture);
            if (!taken(id))
            {
                return id;
            }
        }
    }

    // A topic's share of a candidate set's fingerprint: sums of these are equal only for equal sets, but for chance.
    public static ulong Fingerprint(OpenTopic topic) => Mix((ulong)topic.Sequence + 0x9E3779B97F4A7C15UL);

    // A 64-bit finaliser (splitmix64's): every input bit affects every output bit.
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
