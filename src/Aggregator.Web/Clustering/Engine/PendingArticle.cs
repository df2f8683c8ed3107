using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Web.Clustering.Engine;

// An article of the batch being settled (or carried for a second look); its vector and what it added to its topic
// sit in a PackedVectors set at Offset. Evaluated: the change count right after the article last joined a topic in a
// sweep (0: not yet); Candidates: a fingerprint of the other topics it weighed then. Carried: for an article carried
// from an earlier settle for a second look, the topic it was alone in then; Age: how many settles ago its own batch
// settled.
internal record struct PendingArticle(string Id, long? Ticks, int Offset, int Length, int Tokens, HeadlineNames Headline, OpenTopic Topic, double Score, long Evaluated,
    ulong Candidates, OpenTopic? Carried = null, int Age = 0);
