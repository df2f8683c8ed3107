using System.Globalization;

namespace Aggregator.Web.Ingestion;

/// <summary>Reads the dates feeds actually contain: RFC 822 and RFC 3339 and the many near-misses of both.</summary>
public static class FeedDates
{
    private static readonly Dictionary<string, string> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = "+00:00", ["UT"] = "+00:00", ["UTC"] = "+00:00", ["Z"] = "+00:00", ["WET"] = "+00:00",
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["CST"] = "-06:00", ["CDT"] = "-05:00",
        ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
        ["AKST"] = "-09:00", ["AKDT"] = "-08:00", ["HST"] = "-10:00",
        ["BST"] = "+01:00", ["IST"] = "+05:30", ["CET"] = "+01:00", ["CEST"] = "+02:00", ["MET"] = "+01:00",
        ["MEST"] = "+02:00", ["EET"] = "+02:00", ["EEST"] = "+03:00", ["MSK"] = "+03:00",
        ["JST"] = "+09:00", ["KST"] = "+09:00", ["HKT"] = "+08:00", ["SGT"] = "+08:00", ["CCT"] = "+08:00",
        ["AEST"] = "+10:00", ["AEDT"] = "+11:00", ["ACST"] = "+09:30", ["AWST"] = "+08:00",
        ["NZST"] = "+12:00", ["NZDT"] = "+13:00", ["BRT"] = "-03:00", ["ART"] = "-03:00",
    };

    private static readonly string[] Formats =
    [
        "d MMM yyyy H:m:s zzz", "d MMM yyyy H:m zzz", "d MMM yy H:m:s zzz", "d MMM yyyy H:m:s", "d MMM yyyy",
        "MMM d yyyy h:m:s tt zzz", "MMM d yyyy h:m:s tt", "MMM d, yyyy h:m:s tt", "MMM d, yyyy H:m:s", "MMM d, yyyy",
        "d MMMM yyyy H:m:s zzz", "d MMMM yyyy", "MMMM d, yyyy", "yyyy-MM-dd H:m:s zzz", "yyyy-MM-dd H:m:s",
        "yyyy/MM/dd H:m:s", "yyyy/MM/dd", "dd/MM/yyyy H:m:s", "dd.MM.yyyy H:m:s", "dd.MM.yyyy", "yyyyMMdd'T'HHmmss'Z'",
        "ddd MMM d H:m:s zzz yyyy", "ddd MMM d H:m:s yyyy",
    ];

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return Sane(parsed);
        }

        var cleaned = Clean(text);
        if (DateTimeOffset.TryParse(cleaned, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out parsed)
            || DateTimeOffset.TryParseExact(cleaned, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out parsed))
        {
            return Sane(parsed);
        }

        // Unix seconds, as a few generators emit.
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 631152000 and < 4102444800)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return null;
    }

    private static DateTimeOffset? Sane(DateTimeOffset value) => value.Year is >= 1990 and <= 2100 ? value : null;

    /// <summary>Drops a (possibly non-English) weekday, maps zone names to offsets, and writes +hhmm as +hh:mm.</summary>
    private static string Clean(string text)
    {
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma is > 0 and <= 12 && text.AsSpan(0, comma).Trim().ToString().All(char.IsLetter))
        {
            text = text[(comma + 1)..].Trim();
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim('(', ')');
            if (Zones.TryGetValue(part, out var offset))
            {
                parts[i] = offset;
            }
            else if (part.Length == 5 && part[0] is '+' or '-' && part.AsSpan(1).ToString().All(char.IsAsciiDigit))
            {
                parts[i] = string.Concat(part.AsSpan(0, 3), ":", part.AsSpan(3));
            }
            else if (part.EndsWith('.') && part.Length <= 5)
            {
                parts[i] = part.TrimEnd('.');   // "Sept." and friends
            }
        }

        if (parts.Length >= 3 && parts[0].Length > 3 && parts[0].All(char.IsLetter) && char.IsAsciiDigit(parts[1][0]))
        {
            // "Sept 5 2024": trim the month to three letters.
            parts[0] = parts[0][..3];
        }

        return string.Join(' ', parts);
    }
}
