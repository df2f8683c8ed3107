using System.Globalization;

namespace Aggregator.Web.Clustering.Engine;

/// <summary>
/// Runs a short made-up stream through a throwaway engine, so that the runtime has compiled the engine's code (and
/// loaded its types and tables) before real articles arrive. A fresh process otherwise spends its first tens of
/// milliseconds compiling on the clustering thread; started beside slower work such as reading the input file, the
/// compiling happens on the other core. What the real engine later does is unaffected: the throwaway one shares
/// nothing with it.
/// </summary>
public static class EngineWarmUp
{
    private static readonly string[][] Stories =
    [
        ["Quorvex", "unveils", "Halden", "X2", "chip", "keynote", "$20B", "partners"],
        ["Mireland", "court", "blocks", "Ostrava", "merger", "regulators", "appeal", "ruling"],
        ["Velkin", "Labs", "releases", "Pallas-3", "open", "model", "weights", "benchmark"],
        ["Tessaly", "outage", "cloud", "customers", "hours", "restored", "status", "engineers"],
        ["Brannock", "recalls", "Zephyr", "scooters", "battery", "fires", "100,000", "units"],

        // Two stories told in the same words at first, so one topic takes both until a split check parts them.
        ["Harwick", "festival", "headliner", "Oriel", "storm", "cancelled", "refunds", "flooding"],
        ["Harwick", "festival", "headliner", "Oriel", "lineup", "reunion", "tour", "announced"],
    ];

    private static readonly string[] Filler =
    [
        "report", "says", "week", "new", "plan", "after", "first", "more", "year", "people", "company", "today",
    ];

    private const int DetailsPerReport = 20;
    private const int Main = 200;

    /// <summary>
    /// Warms the engine's code for the given options; takes a few tens of milliseconds in a new process. Returns what
    /// the made-up stream went through, so a test can check that it reaches the paths worth compiling.
    /// </summary>
    public static WarmUpReport Run(StoryClustererOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engine = new StoryClusterer(options);
        var reader = engine.CreateReader();
        var start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        var articles = Articles(start).ToList();
        var joined = 0;
        for (var i = 0; i < articles.Count; i++)
        {
            // Both ways in: read here, and read ahead by a reader (as `cluster` does).
            var assignment = i % 2 == 0 ? engine.Add(articles[i]) : engine.Add(reader.Read(articles[i]));
            joined += assignment.IsNewTopic ? 0 : 1;
            // Batches of forty, then four of two in quick succession (as the site's worker sends them), so that the
            // last batches' lone items take their second look.
            if ((i < Main ? (i + 1) % 40 == 0 : (i + 1 - Main) % 2 == 0) || i == articles.Count - 1)
            {
                engine.Settle();
                engine.TakeMerges();
                engine.TakeClosed();
            }
        }

        return new WarmUpReport(articles.Count, joined, engine.OpenTopicCount, engine.KeptChoices, engine.Prunes, engine.SplitCount, engine.SecondLooks);
    }

    // A few stories told several ways by several outlets over two days, with one-off items between them.
    private static IEnumerable<ClusterInput> Articles(DateTimeOffset start)
    {
        for (var n = 0; n < Main + 8; n++)
        {
            var number = n.ToString(CultureInfo.InvariantCulture);
            var story = Stories[n % Stories.Length];
            var title = string.Join(' ', Enumerable.Range(0, 6).Select(k => story[(n + (k * 3)) % story.Length]));
            // Story words, then details of this report alone: a story's topic gathers more distinct terms than it
            // keeps (MaxCentroidTerms), so the code that cuts them back is compiled too.
            var text = string.Join(' ', Enumerable.Range(0, 30).Select(k => story[((n * 7) + k) % story.Length])
                .Concat(Enumerable.Range(0, DetailsPerReport).Select(k => $"{story[k % story.Length]}{number}d{k}")));
            if (n % 8 == 0)
            {
                // Words of its own, apart from one shared with the stream.
                title = string.Join(' ', Enumerable.Range(0, 5).Select(k => $"{Filler[(n + k) % Filler.Length]}{number}x{k}"));
                text = Filler[n % Filler.Length] + " " + title;
            }

            var source = "outlet" + (n % 4).ToString(CultureInfo.InvariantCulture);
            var url = $"https://{source}.example/{number}/{title.Replace(' ', '-').ToLowerInvariant()}";
            yield return new ClusterInput("warm-" + number, title, text + " Read more at " + source, url, source, start.AddMinutes(n * 20));
        }
    }
}

/// <summary>
/// What a warm-up went through: articles added, of which joined a topic, topics made, settle choices kept, and how
/// often a topic's terms were cut back, how many topics were split in two, and how many second looks lone articles took.
/// </summary>
public sealed record WarmUpReport(int Articles, int Joined, int Topics, long KeptChoices, long Prunes, long Splits, long SecondLooks);
