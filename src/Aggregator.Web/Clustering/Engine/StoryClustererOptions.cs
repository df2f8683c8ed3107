using System.ComponentModel.DataAnnotations;

namespace Aggregator.Web.Clustering.Engine;

/// <summary>
/// What an operator (or <c>eval</c>) may turn in the story clustering engine (configuration section
/// <c>Clustering:Engine</c>); change them only with <c>eval</c> figures in hand. The rest of the engine's tuning is
/// constants beside the code they govern.
/// </summary>
public sealed class StoryClustererOptions
{
    public const string SectionName = "Clustering:Engine";

    /// <summary>Weight of founding a new topic, as a share of the open topics' pull (larger: more, smaller topics).</summary>
    [Range(1e-9, 100.0)]
    public double MixtureAlpha { get; set; } = 0.5;

    /// <summary>Pseudo-count of every word in every topic (smaller: stricter topics).</summary>
    [Range(1e-6, 10.0)]
    public double MixtureBeta { get; set; } = 0.02;

    /// <summary>The vocabulary size assumed until the stream has shown more words, so a fresh install does not split a story into a topic per report.</summary>
    [Range(1, 10_000_000)]
    public int MixtureMinVocabulary { get; set; } = 1500;

    /// <summary>Share of each word's probability taken from the whole stream's vocabulary rather than the topic (0: off; helps headline-only streams).</summary>
    [Range(0.0, 0.99)]
    public double BackgroundWeight { get; set; }

    /// <summary>Sweeps over a batch when it settles, each article choosing again now that the batch is known (0: none).</summary>
    [Range(0, 20)]
    public int SettleSweeps { get; set; } = 2;

    /// <summary>Whether an article left alone in its topic chooses again in later settles, as its story grows.</summary>
    public bool SecondLook { get; set; } = true;

    /// <summary>Size from which a topic is checked for holding two stories (0: never split).</summary>
    [Range(0, 100_000)]
    public int SplitMinSize { get; set; } = 10;

    /// <summary>Minimum headline similarity (time-decayed) for two topics to merge.</summary>
    [Range(0.01, 1.0)]
    public double MergeThreshold { get; set; } = 0.18;

    /// <summary>Minimum cohesion of two topics' members taken together for them to merge (1: identical, 0: nothing shared).</summary>
    [Range(0.0, 1.0)]
    public double MinMergedCohesion { get; set; } = 0.3;

    /// <summary>
    /// Cosine to a topic's core (or, on a stream of headlines, its centroid) an article needs, on top of CoreFloor, for each day after the topic's first report, and two topics
    /// about to merge for each day between their first reports (0: off). A story's later reports still match it
    /// closely; a theme's loosely related items of later days no longer join.
    /// </summary>
    [Range(0.0, 1.0)]
    public double LateJoinPerDay { get; set; } = 0.1;

    /// <summary>
    /// Cosine to a topic's core (its reports that agree with each other) an article needs to join the topic, on a
    /// stream whose articles carry text (0: off). A topic then stays one event instead of drifting into a theme.
    /// </summary>
    [Range(0.0, 1.0)]
    public double CoreFloor { get; set; } = 0.2;

    /// <summary>
    /// Cosine with a single report of a topic's core an article needs, besides its match with the core as a whole, to
    /// join the topic on a stream whose articles carry text (0: off). An item that shares only its field's words with
    /// the story (a neighbouring event, a product of the same kind) matches the core's sum but none of its reports.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ReportAgreement { get; set; } = 0.22;

    /// <summary>Largest share of articles a headline name may occur in and still tell one event from another.</summary>
    [Range(0.0001, 1.0)]
    public double NameShare { get; set; } = 0.01;

    /// <summary>Whether a report whose headline names another thing than a topic's core stays out of that core.</summary>
    public bool NameCore { get; set; } = true;

    /// <summary>Whether two topics whose cores' headlines name other things stay apart.</summary>
    public bool NameMerge { get; set; } = true;

    /// <summary>Whether service pieces and community discussion threads stand alone rather than found or join story topics.</summary>
    public bool KeepNonStoriesApart { get; set; } = true;

    /// <summary>A topic without a new article for this long (by publication time) is closed and forgotten.</summary>
    public TimeSpan CloseAfter { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The story pace assumed until the engine has learned it from the stream; time decays are multiples of it.</summary>
    public TimeSpan StoryPace { get; set; } = TimeSpan.FromHours(6);

    // Not bound from configuration: the tests switch these off or move them to show what each does.

    // A share of the words' pseudo-counts handed out by how often each word occurs in the stream, the rest evenly: a
    // new topic then expects a common word as often as the stream uses it, so "big" or "2026" shared with a topic of
    // one article no longer outweigh a dozen words it lacks. 0: the plain mixture.
    internal double MixturePriorBackground { get; init; } = 0.45;

    // A reworded report can hold enough new words for the mixture to prefer a new topic while its TF-IDF match with a
    // topic's centroid is unmistakable; a match this close joins regardless.
    internal double MixtureCosineOverride { get; init; } = 0.15;

    // How much likelier (in nats) a story must be than an already shown article's own topic before it moves there on
    // a second look: about seven to one.
    internal double SecondLookMargin { get; init; } = 2;

    // A body term in at least this share of a source's recent articles is the feed's template, not news (0: keep all).
    internal double SourceBoilerplateShare { get; init; } = 0.5;

    // Whether the pace is learned from the stream (the median age of a topic when an article joins it), so a wire
    // feed's bursts and a weekly digest's slow stories get decays of their own scale.
    internal bool LearnStoryPace { get; init; } = true;

    // For streams without publication times: a topic is also closed after this many later articles went elsewhere,
    // so memory stays bounded whatever the input.
    internal int CloseAfterArticles { get; init; } = 200_000;

    // The centroid override scales a topic's match by size / (size + this), so a topic of one article needs a closer
    // match than an established story.
    internal double SmallTopicDiscount { get; init; } = 3.0;
}
