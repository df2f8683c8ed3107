namespace Aggregator.Web.Clustering.Engine;

// The stream's time: the newest publication time seen, the story pace (how long a story typically keeps drawing
// reports, learned from the stream) and what follows from them: how a topic's pull decays with time.
internal sealed class StoryClock
{
    private const double Ln2 = 0.69314718055994530942;

    // The pace is the median of a log-scale histogram (four bins an octave, from a second to about two years),
    // taken once a hundred joins were seen and every ten joins after; halved every 20,000 so it follows a stream
    // that changes.
    private const int PaceBinsPerOctave = 4;
    private const int PaceBins = 1 + (26 * PaceBinsPerOctave);
    private const int PaceWarmUp = 100;
    private const int PaceRefreshEvery = 10;
    private const int PaceForgetEvery = 20_000;

    // Bounds on the learned pace, so a stream of duplicates or a sparse archive cannot push it to extremes.
    private static readonly TimeSpan MinPace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxPace = TimeSpan.FromHours(12);

    // Similarity is not discounted while a topic was active within this many paces; beyond, it halves every
    // DecayHalfLife paces.
    private const double DecayGrace = 2;
    private const double DecayHalfLife = 4;

    // A topic's pull is its members counted with a half-life of this many paces from their publication (a story
    // attracts reports while it is breaking), for streams with publication times.
    private const double ActivityHalfLife = 2;

    private readonly StoryClustererOptions _options;
    private readonly double[] _paceHistogram = new double[PaceBins];
    private long _paceObservations;

    public StoryClock(StoryClustererOptions options)
    {
        _options = options;
        PaceTicks = options.StoryPace.Ticks;
    }

    /// <summary>Whether any article had a publication time.</summary>
    public bool HasTime { get; private set; }

    /// <summary>The newest publication time seen.</summary>
    public long Now { get; private set; }

    public long PaceTicks { get; private set; }

    /// <summary>Whether a topic's pull is its recent activity rather than its size (streams with times).</summary>
    public bool UsesActivity => HasTime;

    // The activity count's half-life in ticks. It is fixed at the pace when the count was last changed so that
    // counts stay consistent; a pace that moves later applies from the next change on.
    public double ActivityHalfLifeTicks => ActivityHalfLife * PaceTicks;

    // Takes in an article's publication time; returns it in ticks (null when it has none).
    public long? Advance(DateTimeOffset? published)
    {
        if (published is not { } time)
        {
            return null;
        }

        long? ticks = time.UtcTicks;
        if (!HasTime || ticks > Now)
        {
            Now = ticks.Value;
        }

        HasTime = true;
        return ticks;
    }

    // Learns the pace from how old a topic is when an article joins it (so the median costs a few dozen additions).
    public void ObservePace(long firstTicks, DateTimeOffset? published)
    {
        if (!_options.LearnStoryPace || published is not { } time || IsDateOnly(time))
        {
            return;
        }

        var seconds = Math.Max(0, time.UtcTicks - firstTicks) / (double)TimeSpan.TicksPerSecond;
        var bin = seconds < 1 ? 0 : Math.Min(PaceBins - 1, 1 + (int)(Math.Log2(seconds) * PaceBinsPerOctave));
        _paceHistogram[bin]++;
        _paceObservations++;
        if (_paceObservations % PaceForgetEvery == 0)
        {
            for (var i = 0; i < PaceBins; i++)
            {
                _paceHistogram[i] /= 2;
            }
        }

        if (_paceObservations < PaceWarmUp || _paceObservations % PaceRefreshEvery != 0)
        {
            return;
        }

        var total = 0.0;
        foreach (var count in _paceHistogram)
        {
            total += count;
        }

        var running = 0.0;
        var median = 0;
        while (median < PaceBins - 1 && (running += _paceHistogram[median]) < total / 2)
        {
            median++;
        }

        // The bin's upper edge in seconds.
        var pace = TimeSpan.FromSeconds(Math.Pow(2, median / (double)PaceBinsPerOctave));
        pace = pace < MinPace ? MinPace : pace > MaxPace ? MaxPace : pace;
        PaceTicks = pace.Ticks;
    }

    // A stamp at midnight to the tick on its own clock is a date written as a time (a feed that dates its items by the
    // day, an archive's older items): the age it gives is known only within a day. Counted, the same-day joins of such
    // items read as ages of nought; an archive that opens with them pinned the pace at its floor, where only reports of
    // the same instant could join, so later joins could never teach it otherwise. A report published in that very
    // second is rare enough that leaving it out costs nothing.
    private static bool IsDateOnly(DateTimeOffset published) => published.TimeOfDay == TimeSpan.Zero;

    // The learned pace as numbers (the pace, how many joins were counted, the histogram), for a restart to take up:
    // replaying stored articles cannot learn it again, since it counts each join as first chosen, before settles.
    public double[] SavePace() => [PaceTicks, _paceObservations, .. _paceHistogram];

    public void RestorePace(ReadOnlySpan<double> saved)
    {
        if (saved.Length != 2 + PaceBins || saved[0] <= 0)
        {
            return;
        }

        PaceTicks = (long)saved[0];
        _paceObservations = (long)saved[1];
        saved[2..].CopyTo(_paceHistogram);
    }

    // How far an article's time lies outside the span of a topic's articles: a batch being settled holds articles
    // older than some of the topics' latest members, and distance counts in both directions.
    public double Decay(long? ticks, OpenTopic topic) =>
        ticks is null || !HasTime ? 1.0 : DecayOver(Math.Max(0, Math.Max(topic.FirstTicks - ticks.Value, ticks.Value - topic.LastTicks)));

    // The same between two topics' spans.
    public double Decay(OpenTopic a, OpenTopic b) =>
        !HasTime ? 1.0 : DecayOver(Math.Max(0, Math.Max(a.FirstTicks - b.LastTicks, b.FirstTicks - a.LastTicks)));

    // No discount within the grace window; beyond it, halving every half-life (both in paces).
    private double DecayOver(long gap)
    {
        var idle = gap - (DecayGrace * PaceTicks);
        if (idle <= 0)
        {
            return 1.0;
        }

        return Math.Exp(-Ln2 * idle / (DecayHalfLife * PaceTicks));
    }

    // A decayed count read at a later (or, for an article older than the last one, earlier) time.
    public double Activity(double value, long since, long now) =>
        value * Math.Exp(-Ln2 * Math.Abs(now - since) / ActivityHalfLifeTicks);

    // The logarithm of a topic's decayed count, without a power: log(count) is kept on the topic until it changes.
    public double LogActivity(OpenTopic topic, long now)
    {
        if (topic.LoggedActivity != topic.Activity)
        {
            topic.LoggedActivity = topic.Activity;
            topic.LogActivity = Math.Log(topic.Activity);
        }

        return topic.LogActivity - (Ln2 * Math.Abs(now - topic.ActivityTicks) / ActivityHalfLifeTicks);
    }

    // Adds one article's worth of activity (or takes it away) at the given time to a decayed count kept at its
    // latest time.
    public (double Value, long Ticks) AddActivity(double value, long since, long at, double amount)
    {
        return at >= since
            ? (Activity(value, since, at) + amount, at)
            : (value + amount * Math.Exp(-Ln2 * (since - at) / ActivityHalfLifeTicks), since);
    }
}
