using System.Globalization;
using Humanizer;

namespace Aggregator.Web.Pages.Shared;

/// <summary>Ages relative to the app's clock, so pages and tests agree on "now".</summary>
public sealed class ReaderTime(TimeProvider clock)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>"3 days ago".</summary>
    public string Ago(DateTimeOffset at) => at.ToUniversalTime().Humanize(Now, English);

    /// <summary>"3d ago": for dense rows.</summary>
    public string Short(DateTimeOffset at)
    {
        var age = Now - at;
        if (age < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        return age switch
        {
            { TotalHours: < 1 } => $"{(int)age.TotalMinutes}m ago",
            { TotalDays: < 1 } => $"{(int)age.TotalHours}h ago",
            { TotalDays: < 60 } => $"{(int)age.TotalDays}d ago",
            _ => at.ToUniversalTime().ToString("d MMM yyyy", English),
        };
    }

    /// <summary>"58 minutes", "3 hours", "2 days": a rough span in the largest unit that fits.</summary>
    public static string Span(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? "less than a minute" : span.Humanize(precision: 1, culture: English, minUnit: TimeUnit.Minute);

    /// <summary>2026-04-20T18:25:02.000Z</summary>
    public static string Iso(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Readable(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("dddd d MMMM yyyy, HH:mm 'UTC'", English);
}
