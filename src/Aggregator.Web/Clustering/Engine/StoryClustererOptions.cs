using System.ComponentModel.DataAnnotations;

namespace Aggregator.Web.Clustering.Engine;

/// <summary>Tuning of the story clustering engine (configuration section <c>Clustering:Engine</c>).</summary>
public sealed class StoryClustererOptions
{
    public const string SectionName = "Clustering:Engine";

    /// <summary>How an article chooses its topic: centroid cosine above a threshold, or the mixture-model rule.</summary>
    public JoinRule JoinRule { get; set; } = JoinRule.Mixture;

    /// <summary>Mixture rule: weight of founding a new topic, as a fraction of the articles in open topics.</summary>
    [Range(1e-9, 100.0)]
    public double MixtureAlpha { get; set; } = 0.5;

    /// <summary>Mixture rule: pseudo-count of every vocabulary word in every topic (smaller: stricter topics).</summary>
    [Range(1e-6, 10.0)]
    public double MixtureBeta { get; set; } = 0.02;

    /// <summary>
    /// Mixture rule: the vocabulary assumed until the stream has shown more words. A word a topic has not seen, and
    /// the words of a new topic, are judged against the vocabulary's size; counted from a few dozen articles it is far
    /// too small, so every word two reports do not share weighs as if news had a few hundred words, and a fresh
    /// install splits one story into a topic per report.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MixtureMinVocabulary { get; set; } = 1500;

    /// <summary>
    /// Mixture rule: the share of the words' pseudo-counts (<see cref="MixtureBeta"/> times the vocabulary) handed out
    /// by how often each word occurs in the stream, the rest evenly. A new topic then expects a common word as often as
    /// the stream uses it, so "big", "question" or "2026" shared with a topic of one article no longer outweigh a
    /// dozen words it lacks; a topic wins an article through a word as far as it uses the word more than the stream
    /// at large, and a story's own names keep their pull. 0: all even, the plain mixture.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MixturePriorBackground { get; set; } = 0.45;

    /// <summary>Mixture rule: the article is read as its headline plus this many of its heaviest body terms.</summary>
    [Range(0, 1000)]
    public int MixtureBodyTerms { get; set; } = 10;

    /// <summary>Mixture rule: an article whose best centroid similarity reaches this joins that topic regardless.</summary>
    [Range(0.01, 1.0)]
    public double MixtureCosineOverride { get; set; } = 0.15;

    /// <summary>
    /// Mixture rule: the share of each word's probability that comes from the stream's overall vocabulary rather than
    /// from the topic (a background distribution, by document frequency). Words every story of the moment uses are
    /// then explained by the background and stop pulling articles into the topic that has seen most of them. It helps
    /// headline streams (0.5: UCI B-cubed F1 0.918 to 0.934), but with long texts the topics' own words then weigh
    /// less than their recent activity, and on the demo week one AI theme grew to 664 articles; so 0, the plain
    /// mixture, by default.
    /// </summary>
    [Range(0.0, 0.99)]
    public double BackgroundWeight { get; set; }

    /// <summary>
    /// Sweeps over a batch when it is settled: each article of the batch leaves its topic and chooses again, now
    /// that the batch's later articles are known. 0: an article stays where it first went.
    /// </summary>
    [Range(0, 20)]
    public int SettleSweeps { get; set; } = 2;

    /// <summary>
    /// An article still alone in its topic when its batch settles chooses again in each later settle while it stays
    /// alone and its topic open: the story it is the first or an oddly worded report of may have grown since. Moving,
    /// it takes its topic's id along as a merge. Off: an article stays where its own batch left it.
    /// </summary>
    public bool SecondLook { get; set; } = true;

    /// <summary>
    /// Second look, for streams with publication times: an article is carried while it is at most this many story
    /// paces older than the newest article, and may join only a topic that began at most this many paces before it
    /// (a story draws most of its reports within a couple of paces; an older theme topic had its chance at first sight).
    /// </summary>
    [Range(0.0, 1000.0)]
    public double SecondLookPaces { get; set; } = 2;

    /// <summary>
    /// Second look: how much likelier (in nats, natural-log odds) a story must be than the article's own topic before
    /// an article already shown moves there. 2: about seven to one. The centroid override does not apply on a second look.
    /// </summary>
    [Range(0.0, 100.0)]
    public double SecondLookMargin { get; set; } = 2;

    /// <summary>Articles per batch when a file is clustered (`cluster`, `eval`, benchmarks).</summary>
    [Range(1, 100_000)]
    public int SettleBatch { get; set; } = 1000;

    /// <summary>
    /// A topic of at least this many articles is checked, each time it has grown by <see cref="SplitGrowth"/>, for
    /// being two stories: articles join one by one, so two stories that began alike ("Kanye West" news and a parody of
    /// his video) can share a topic that no single article's move would undo. 0 turns splitting off.
    /// </summary>
    [Range(0, 100_000)]
    public int SplitMinSize { get; set; } = 10;

    /// <summary>A topic is checked again for a split once it has grown by this factor since the last check.</summary>
    [Range(1.01, 10.0)]
    public double SplitGrowth { get; set; } = 2;

    /// <summary>
    /// Topics larger than this are not checked, and stop keeping what a check needs (each member's terms), so a story
    /// of thousands of reports costs no more memory than its centroid.
    /// </summary>
    [Range(2, 1_000_000)]
    public int SplitMaxSize { get; set; } = 3000;

    /// <summary>
    /// Split check: the pseudo-count of every word in each of the two candidate parts and in the whole. Larger than
    /// <see cref="MixtureBeta"/> on purpose: a split moves many stored articles at once, so it is judged by a smoother
    /// model that needs the parts' vocabularies to differ clearly, not by a few words each.
    /// </summary>
    [Range(1e-6, 10.0)]
    public double SplitBeta { get; set; } = 0.1;

    /// <summary>
    /// Split check: the weight of a second story against one (the concentration of the two-part prior). A split is
    /// made when the parts' likelihood, times this and the partition prior, beats the whole's.
    /// </summary>
    [Range(1e-9, 1e9)]
    public double SplitPrior { get; set; } = 1;

    /// <summary>Split check: how many of the topic's common words each seed one candidate split (members with the word
    /// against members without it) before the sweeps refine it.</summary>
    [Range(1, 50)]
    public int SplitSeeds { get; set; } = 5;

    /// <summary>Split check: sweeps in which each member chooses between the two parts (for the most promising seed).</summary>
    [Range(1, 20)]
    public int SplitSweeps { get; set; } = 2;

    /// <summary>Minimum similarity for an article to join an existing topic; below it a new topic starts.</summary>
    [Range(0.01, 1.0)]
    public double JoinThreshold { get; set; } = 0.15;

    /// <summary>
    /// Share of the single most important shared term left out of the similarity of two topics: stories that are
    /// one share many terms, while different stories often share just one ambiguous word ("star", "black", "Apple").
    /// </summary>
    [Range(0.0, 1.0)]
    public double TopTermDiscount { get; set; } = 0.5;

    /// <summary>
    /// Two topics merge only if their members, taken together, stay this alike: the length of the mean of their unit
    /// vectors, from 1 (identical) towards 0 (nothing shared).
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinMergedCohesion { get; set; } = 0.3;

    /// <summary>Whether two topics are compared by their headlines' terms (true) or by all their terms.</summary>
    public bool MergeOnHeadlines { get; set; } = true;

    /// <summary>Minimum similarity between two topics' centroids for them to be merged into one.</summary>
    [Range(0.01, 1.0)]
    public double MergeThreshold { get; set; } = 0.18;

    /// <summary>
    /// Discount on joining small topics: similarity is scaled by size / (size + this), so a topic of one article
    /// needs a closer match than an established story. 0 turns it off.
    /// </summary>
    [Range(0.0, 100.0)]
    public double SmallTopicDiscount { get; set; } = 3.0;

    /// <summary>
    /// A topic re-ranks its indexed terms and looks for a twin to merge with each time it grows by this factor
    /// (1.2: at 2, 3, 4, 5, 6, 8, 10, 12 ... articles), so the work per topic grows with the logarithm of its size.
    /// </summary>
    [Range(1.0, 10.0)]
    public double RecheckGrowth { get; set; } = 1.2;

    /// <summary>How much more a headline word counts than a body word.</summary>
    [Range(0.1, 20.0)]
    public double TitleWeight { get; set; } = 2.0;

    /// <summary>How much more an entity-like term (name, model, acronym, quantity, phrase) counts than a word.</summary>
    [Range(0.1, 20.0)]
    public double EntityWeight { get; set; } = 1.5;

    /// <summary>Whether the words of the URL's slug count as body text.</summary>
    public bool UrlSlugWords { get; set; } = true;

    /// <summary>
    /// A body term found in at least this share of a source's recent articles is the feed's template ("submitted by
    /// ... [link] [comments]"), not news, and is left out of that source's articles. 0 turns it off.
    /// </summary>
    [Range(0.0, 1.0)]
    public double SourceBoilerplateShare { get; set; } = 0.5;

    /// <summary>A source's template is only looked for once this many of its articles were read.</summary>
    [Range(1, 100_000)]
    public int SourceBoilerplateMinArticles { get; set; } = 10;

    /// <summary>Only the start of the body is read: the lead says what the story is, the rest adds noise and cost.</summary>
    [Range(0, 100_000)]
    public int MaxTextChars { get; set; } = 1500;

    /// <summary>
    /// How long a story typically keeps drawing reports, assumed until the engine has learned it from the stream
    /// (see <see cref="LearnStoryPace"/>). The time decays below are multiples of this pace.
    /// </summary>
    public TimeSpan StoryPace { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Learn the pace from the stream: the median time between a topic's first article and each article that joins
    /// it. A wire feed's bursts and a weekly digest's slow stories get decays of their own scale.
    /// </summary>
    public bool LearnStoryPace { get; set; } = true;

    /// <summary>Bounds on the learned pace, so a stream of duplicates or a sparse archive cannot push it to extremes.</summary>
    public TimeSpan MinStoryPace { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc cref="MinStoryPace"/>
    public TimeSpan MaxStoryPace { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Similarity is not discounted while a topic was active within this many paces.</summary>
    [Range(0.0, 1000.0)]
    public double DecayGrace { get; set; } = 2;

    /// <summary>Beyond the grace window, similarity to a topic halves every this many paces of inactivity.</summary>
    [Range(0.01, 1000.0)]
    public double DecayHalfLife { get; set; } = 4;

    /// <summary>
    /// Mixture rule, for streams with publication times: a topic's pull is its members counted with a half-life of
    /// this many paces from their publication (a story attracts reports while it is breaking), instead of its plain
    /// size. Zero: plain size with the inactivity decay above.
    /// </summary>
    [Range(0.0, 1000.0)]
    public double ActivityHalfLife { get; set; } = 2;

    /// <summary>A topic without a new article for this long (by publication time) is closed and forgotten.</summary>
    public TimeSpan CloseAfter { get; set; } = TimeSpan.FromHours(72);

    /// <summary>
    /// For streams without publication times: a topic is also closed after this many later articles went elsewhere,
    /// so memory stays bounded whatever the input.
    /// </summary>
    [Range(100, int.MaxValue)]
    public int CloseAfterArticles { get; set; } = 200_000;

    /// <summary>Terms per topic kept in the inverted index that finds candidate topics.</summary>
    [Range(1, 200)]
    public int IndexedTermsPerTopic { get; set; } = 20;

    /// <summary>An article looks up candidate topics through its this-many heaviest terms.</summary>
    [Range(1, 200)]
    public int QueryTerms { get; set; } = 16;

    /// <summary>At most this many candidates (those sharing the most weight with the article) are scored in full.</summary>
    [Range(1, 10_000)]
    public int MaxCandidates { get; set; } = 40;

    /// <summary>A topic's centroid keeps its this-many heaviest terms so a huge story costs no more than a small one.</summary>
    [Range(10, 10_000)]
    public int MaxCentroidTerms { get; set; } = 200;

    /// <summary>
    /// Document frequencies are learned online; until this many articles were seen, rare terms are not over-trusted
    /// (the IDF of an unseen term is capped as if the corpus had this many documents), and the mixture's prior takes
    /// in word frequencies gradually (see <see cref="MixturePriorBackground"/>).
    /// </summary>
    [Range(1, 10_000_000)]
    public int IdfWarmUpArticles { get; set; } = 200;
}

/// <summary>How an article chooses between the candidate topics and a new one.</summary>
public enum JoinRule
{
    /// <summary>The most similar centroid (cosine × time decay × size prior) above the join threshold.</summary>
    Cosine,

    /// <summary>The most probable topic under a Dirichlet multinomial mixture, or a new topic if that is likelier.</summary>
    Mixture,
}
