namespace Aggregator.Web.Clustering.Engine;

// A recurring series (a daily briefing, a market column, a blog's daily post, a newsletter) heads its items with the
// same name ("Ukraine war briefing: ...", "Stock Market Today: ..."), day after day, and only its own outlet uses that
// name. Its items are digests, not reports of one event: they stand alone. An event's label ("CES 2026: ...") heads
// the items of many feeds, and a label that marks a report ("Exclusive: ...") is never taken for a series (see
// NonStory.SeriesPrefix).
internal sealed class SeriesMemory
{
    // Days on which one outlet used a prefix, within Window, for it to name a series.
    internal const int MinDays = 3;

    // Feeds that may use a prefix before it counts as an event's label: the outlet's own feed and an aggregator that
    // relays it.
    private const int MaxFeeds = 2;

    // Days a prefix's use is remembered.
    private const long Window = 30;

    // Prefixes not used for Window days are forgotten once this many more articles were seen.
    private const int PruneEvery = 10_000;

    // Prefixes remembered at most: when full, those used on one day only and not today are forgotten, at most once
    // every RoomEvery articles, and a new prefix that finds no room is not learned (a feed that heads every item
    // differently can neither grow the memory without bound nor make each article scan it).
    internal const int MaxPrefixes = 50_000;
    private const int RoomEvery = 1_000;

    private readonly Dictionary<(string Outlet, string Prefix), Uses> _uses = [];
    private readonly Dictionary<string, List<string>> _feeds = new(StringComparer.Ordinal);
    private long _newestDay = long.MinValue;
    private int _sincePrune;

    /// <summary>Prefixes remembered (for tests).</summary>
    internal int Count => _uses.Count;

    // Learns the article's use of its prefix and returns whether the prefix names a series of its outlet.
    public bool Learn(SeriesKey? key, string? feed, DateTimeOffset? published)
    {
        if (key is not { } series || published is not { } at)
        {
            return false;
        }

        var day = at.UtcTicks / TimeSpan.TicksPerDay;
        _newestDay = Math.Max(_newestDay, day);
        if (++_sincePrune >= PruneEvery)
        {
            Prune();
        }

        if (!_feeds.TryGetValue(series.Prefix, out var feeds))
        {
            if (!HasRoom())
            {
                return false;
            }

            _feeds.Add(series.Prefix, feeds = new List<string>(MaxFeeds + 1));
        }

        var feedName = feed ?? series.Outlet;
        if (feeds.Count <= MaxFeeds && !feeds.Contains(feedName, StringComparer.Ordinal))
        {
            feeds.Add(feedName);
        }

        if (!_uses.TryGetValue((series.Outlet, series.Prefix), out var uses))
        {
            if (!HasRoom())
            {
                return false;
            }

            _uses.Add((series.Outlet, series.Prefix), uses = new Uses());
        }

        uses.Add(day);
        return feeds.Count <= MaxFeeds && uses.DaysSince(day - Window) >= MinDays;
    }

    private bool HasRoom()
    {
        if (_uses.Count < MaxPrefixes && _feeds.Count < MaxPrefixes)
        {
            return true;
        }

        if (_sincePrune >= RoomEvery)
        {
            Prune();
        }

        return _uses.Count < MaxPrefixes && _feeds.Count < MaxPrefixes;
    }

    private void Prune()
    {
        _sincePrune = 0;
        var oldest = _newestDay - Window;
        var crowded = _uses.Count >= MaxPrefixes;
        foreach (var key in _uses.Where(p => p.Value.Last < oldest || (crowded && p.Value.Days == 1 && p.Value.Last < _newestDay)).Select(p => p.Key).ToList())
        {
            _uses.Remove(key);
        }

        var used = _uses.Keys.Select(k => k.Prefix).ToHashSet(StringComparer.Ordinal);
        foreach (var prefix in _feeds.Keys.Where(p => !used.Contains(p)).ToList())
        {
            _feeds.Remove(prefix);
        }
    }

    // The last few distinct days a prefix was used on, newest last.
    private sealed class Uses
    {
        private readonly long[] _days = new long[MinDays];
        private int _count;

        public long Last => _count == 0 ? long.MinValue : _days[(_count - 1) % MinDays];

        public int Days => _count;

        public void Add(long day)
        {
            for (var i = 0; i < Math.Min(_count, MinDays); i++)
            {
                if (_days[i] == day)
                {
                    return;
                }
            }

            _days[_count % MinDays] = day;
            _count++;
        }

        public int DaysSince(long from)
        {
            var days = 0;
            for (var i = 0; i < Math.Min(_count, MinDays); i++)
            {
                days += _days[i] >= from ? 1 : 0;
            }

            return days;
        }
    }
}

/// <summary>A headline's prefix ("Ukraine war briefing") and the outlet that used it.</summary>
internal readonly record struct SeriesKey(string Outlet, string Prefix);
