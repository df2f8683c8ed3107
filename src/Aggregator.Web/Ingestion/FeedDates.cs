using System.Buffers;
using System.Globalization;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// Reads the dates feeds actually contain, in one place: RFC 822 and its relatives (zone names, no weekday, two-digit
/// years, month first, asctime, slashes), ISO 8601 / W3C-DTF with every date shape it allows (2003-12-31, 20031231,
/// 031231, 2003-335, 2003-12, 2003 and the old 2003-012-31), and the Korean, Greek and Hungarian forms some feeds
/// emit. A date without a zone is UTC; a zone that cannot be read makes the whole date unreadable rather than UTC.
/// </summary>
public static class FeedDates
{
    private static readonly Dictionary<string, TimeSpan> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = H(0), ["UT"] = H(0), ["UTC"] = H(0), ["Z"] = H(0), ["WET"] = H(0), ["Etc/GMT"] = H(0), ["Etc/UTC"] = H(0),
        ["Etc/UCT"] = H(0), ["Etc/Zulu"] = H(0), ["GMT0"] = H(0),
        ["EST"] = H(-5), ["EDT"] = H(-4), ["ET"] = H(-5), ["CST"] = H(-6), ["CDT"] = H(-5), ["CT"] = H(-6),
        ["MST"] = H(-7), ["MDT"] = H(-6), ["MT"] = H(-7), ["PST"] = H(-8), ["PDT"] = H(-7), ["PT"] = H(-8),
        ["AST"] = H(-4), ["ADT"] = H(-3), ["AT"] = H(-4), ["AKST"] = H(-9), ["AKDT"] = H(-8), ["HST"] = H(-10),
        ["BST"] = H(1), ["IST"] = new(5, 30, 0), ["CET"] = H(1), ["CEST"] = H(2), ["MET"] = H(1), ["MEST"] = H(2),
        ["EET"] = H(2), ["EEST"] = H(3), ["MSK"] = H(3), ["JST"] = H(9), ["KST"] = H(9), ["HKT"] = H(8), ["SGT"] = H(8),
        ["CCT"] = H(8), ["AEST"] = H(10), ["AEDT"] = H(11), ["ACST"] = new(9, 30, 0), ["AWST"] = H(8), ["NZST"] = H(12),
        ["NZDT"] = H(13), ["BRT"] = H(-3), ["ART"] = H(-3),
        // RFC 822 military zones, with the signs as feeds mean them.
        ["A"] = H(-1), ["N"] = H(1), ["M"] = H(-12), ["Y"] = H(12),
    };

    // Lower-case month names and abbreviations: English, French, German, Spanish, Italian, Dutch, Hungarian, Greek.
    private static readonly Dictionary<string, int> Months = BuildMonths(
        ["jan", "january", "janvier", "januar", "enero", "ene", "gennaio", "gen", "januari", "január", "ιαν", "ιανουαρίου"],
        ["feb", "february", "février", "févr", "fév", "februar", "febrero", "febbraio", "februari", "február", "φεβ", "φεβρουαρίου"],
        ["mar", "march", "mars", "märz", "mär", "marzo", "maart", "mrt", "március", "már", "μάρ", "μαρ", "μαρτίου"],
        ["apr", "april", "avril", "avr", "abril", "abr", "aprile", "április", "ápr", "απρ", "απριλίου"],
        ["may", "mai", "mayo", "maggio", "mag", "mei", "május", "máj", "μάι", "μαϊ", "μαι", "μάη", "μαΐου"],
        ["jun", "june", "juin", "juni", "junio", "giugno", "giu", "június", "jún", "ιούν", "ιουν", "ιουνίου"],
        ["jul", "july", "juillet", "juil", "juli", "julio", "luglio", "lug", "július", "júl", "ιούλ", "ιουλ", "ιουλίου"],
        ["aug", "august", "août", "aout", "agosto", "ago", "augustus", "augusztus", "αύγ", "αυγ", "αυγούστου"],
        ["sep", "sept", "september", "septembre", "septiembre", "settembre", "set", "szeptember", "sze", "σεπ", "σεπτεμβρίου"],
        ["oct", "october", "octobre", "oktober", "okt", "octubre", "ottobre", "ott", "október", "οκτ", "οκτωβρίου"],
        ["nov", "november", "novembre", "noviembre", "νοέ", "νοε", "νοεμβρίου"],
        ["dec", "december", "décembre", "déc", "dezember", "dez", "diciembre", "dic", "dicembre", "δεκ", "δεκεμβρίου"]);

    private static readonly SearchValues<char> IsoDateChars = SearchValues.Create("0123456789-");
    private static readonly SearchValues<char> TimeChars = SearchValues.Create("0123456789:.,");
    private static readonly SearchValues<char> ClockChars = SearchValues.Create("0123456789:.");
    private static readonly SearchValues<char> NumericDateChars = SearchValues.Create("0123456789/-.");

    private static TimeSpan H(int hours) => TimeSpan.FromHours(hours);

    private static Dictionary<string, int> BuildMonths(params string[][] names)
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i])
            {
                months[name] = i + 1;
            }
        }

        return months;
    }

    /// <summary>What a reader made of a string: a date, a string of its shape that is not a valid date, or not its shape.</summary>
    private enum Outcome
    {
        Parsed,
        Invalid,
        NotThisShape,
    }

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        var parsed = default(DateTimeOffset);
        var outcome = char.IsAsciiDigit(text[0]) ? ReadIso(text, out parsed) : Outcome.NotThisShape;
        if (outcome == Outcome.NotThisShape)
        {
            outcome = ReadWords(text, out parsed);
        }

        if (outcome == Outcome.Parsed)
        {
            return Sane(parsed);
        }

        if (outcome == Outcome.Invalid)
        {
            return null;
        }

        // Unix seconds, as a few generators emit.
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 631152000 and < 4102444800)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out parsed)
            ? Sane(parsed) : null;
    }

    private static DateTimeOffset? Sane(DateTimeOffset value) => value.Year is >= 1990 and <= 2100 ? value : null;

    /// <summary>ISO 8601 / W3C-DTF: a date of digits and dashes, then optionally 'T' or a space, a time and a zone.</summary>
    private static Outcome ReadIso(string text, out DateTimeOffset result)
    {
        result = default;
        var split = DateEnd(text);
        var datePart = split < 0 ? text.AsSpan() : text.AsSpan(0, split);
        if (datePart.ContainsAnyExcept(IsoDateChars))
        {
            // "2004-július-13T9:15-05:00": a month written as a word inside an ISO date.
            var first = datePart.IndexOf('-');
            var second = first < 0 ? -1 : datePart[(first + 1)..].IndexOf('-');
            if (first == 4 && second > 0 && Months.TryGetValue(datePart.Slice(first + 1, second).ToString().ToLowerInvariant(), out var named))
            {
                return ReadIso(string.Concat(datePart[..first], named.ToString("-00-", CultureInfo.InvariantCulture), text.AsSpan(first + second + 2)), out result);
            }

            return Outcome.NotThisShape;
        }

        if (!TryIsoDate(datePart, out var date))
        {
            return datePart.Contains('-') || datePart.Length is >= 4 and <= 8 ? Outcome.Invalid : Outcome.NotThisShape;
        }

        var rest = split < 0 ? ReadOnlySpan<char>.Empty : text.AsSpan(split + 1).Trim();
        var time = TimeSpan.Zero;
        var offset = TimeSpan.Zero;
        if (!rest.IsEmpty && !char.IsAsciiDigit(rest[0]))
        {
            // "2004-05-25 오후 11:23:17" and the like: words after the date.
            return Outcome.NotThisShape;
        }

        if (!rest.IsEmpty)
        {
            var timeEnd = rest.IndexOfAnyExcept(TimeChars);
            var timePart = timeEnd < 0 ? rest : rest[..timeEnd];
            if (!TryTime(timePart, out time))
            {
                return Outcome.Invalid;
            }

            var zone = timeEnd < 0 ? ReadOnlySpan<char>.Empty : rest[timeEnd..].Trim();
            if (!zone.IsEmpty && !TryZone(zone, out offset))
            {
                return Outcome.Invalid;
            }
        }

        return Build(date.Year, date.Month, date.Day, time, offset, out result);
    }

    /// <summary>Where the date part ends: at a space, or at a 'T' that follows a digit (month names may contain a 't').</summary>
    private static int DateEnd(string text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == ' ' || (text[i] is 'T' or 't' && char.IsAsciiDigit(text[i - 1])))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryIsoDate(ReadOnlySpan<char> part, out DateOnly date)
    {
        date = default;
        var groups = part.ToString().Split('-');
        if (groups.Any(g => g.Length == 0))
        {
            return false;
        }

        int Number(int index, int start = 0, int length = -1) =>
            int.Parse(length < 0 ? groups[index].AsSpan(start) : groups[index].AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture);

        int year, month = 1, day = 1, ordinal = 0;
        switch (groups.Length, groups[0].Length, groups.Length > 1 ? groups[1].Length : 0, groups.Length > 2 ? groups[2].Length : 0)
        {
            case (1, 8, _, _):
                (year, month, day) = (Number(0, 0, 4), Number(0, 4, 2), Number(0, 6, 2));
                break;
            case (1, 7, _, _):
                (year, ordinal) = (Number(0, 0, 4), Number(0, 4, 3));
                break;
            case (1, 6, _, _):
                (year, month, day) = (Century(Number(0, 0, 2)), Number(0, 2, 2), Number(0, 4, 2));
                break;
            case (1, 5, _, _):
                (year, ordinal) = (Century(Number(0, 0, 2)), Number(0, 2, 3));
                break;
            case (1, 4, _, _):
                year = Number(0);
                break;
            case (2, 4, 2, _):
                (year, month) = (Number(0), Number(1));
                break;
            case (2, 4, 3, _):
                (year, ordinal) = (Number(0), Number(1));
                break;
            case (2, 2, 3, _):
                (year, ordinal) = (Century(Number(0)), Number(1));
                break;
            case (3, 4, 2, 1 or 2):
                (year, month, day) = (Number(0), Number(1), Number(2));
                break;
            // "2003-012-31": a three-digit month with a leading zero, seen in old generators.
            case (3, 4, 3, 2) when groups[1][0] == '0':
                (year, month, day) = (Number(0), Number(1), Number(2));
                break;
            case (3, 2, 2, 2):
                (year, month, day) = (Century(Number(0)), Number(1), Number(2));
                break;
            default:
                return false;
        }

        if (ordinal > 0)
        {
            if (ordinal > (DateTime.IsLeapYear(year) ? 366 : 365))
            {
                return false;
            }

            date = new DateOnly(year, 1, 1).AddDays(ordinal - 1);
            return true;
        }

        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && Assign(out date, new DateOnly(year, month, day));
    }

    private static bool Assign(out DateOnly target, DateOnly value)
    {
        target = value;
        return true;
    }

    private static int Century(int twoDigits) => twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits;

    /// <summary>H:M, H:M:S, H:M:S.fff, HHMM, HHMMSS.</summary>
    private static bool TryTime(ReadOnlySpan<char> part, out TimeSpan time)
    {
        time = default;
        var fraction = 0.0;
        var dot = part.IndexOfAny('.', ',');
        if (dot >= 0)
        {
            if (!double.TryParse(string.Concat("0.", part[(dot + 1)..]), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out fraction))
            {
                return false;
            }

            part = part[..dot];
        }

        int hour, minute, second = 0;
        if (part.Contains(':'))
        {
            Span<Range> ranges = stackalloc Range[4];
            var count = part.Split(ranges, ':');
            if (count is < 2 or > 3
                || !int.TryParse(part[ranges[0]], NumberStyles.None, CultureInfo.InvariantCulture, out hour)
                || !int.TryParse(part[ranges[1]], NumberStyles.None, CultureInfo.InvariantCulture, out minute)
                || (count == 3 && !int.TryParse(part[ranges[2]], NumberStyles.None, CultureInfo.InvariantCulture, out second)))
            {
                return false;
            }
        }
        else if (part.Length is 4 or 6)
        {
            hour = int.Parse(part[..2], CultureInfo.InvariantCulture);
            minute = int.Parse(part.Slice(2, 2), CultureInfo.InvariantCulture);
            second = part.Length == 6 ? int.Parse(part[4..], CultureInfo.InvariantCulture) : 0;
        }
        else
        {
            return false;
        }

        if (hour > 24 || minute > 59 || second > 60)
        {
            return false;
        }

        // A leap second is the last second of its minute.
        time = new TimeSpan(hour, minute, Math.Min(second, 59)) + TimeSpan.FromTicks((long)Math.Round(fraction * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>Z, +hh, +hhmm, +hh:mm, a zone name, or a name followed by an offset (GMT+01:00).</summary>
    private static bool TryZone(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = default;
        zone = zone.Trim().Trim("()");
        if (zone.IsEmpty)
        {
            return false;
        }

        if (zone[0] is '+' or '-')
        {
            var digits = zone[1..];
            int hours, minutes = 0;
            if (digits.Length == 5 && digits[2] == ':')
            {
                if (!int.TryParse(digits[..2], NumberStyles.None, CultureInfo.InvariantCulture, out hours)
                    || !int.TryParse(digits[3..], NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
                {
                    return false;
                }
            }
            else if (digits.Length == 4)
            {
                if (!int.TryParse(digits[..2], NumberStyles.None, CultureInfo.InvariantCulture, out hours)
                    || !int.TryParse(digits[2..], NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
                {
                    return false;
                }
            }
            else if (digits.Length is 1 or 2)
            {
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out hours))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }

            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
            return true;
        }

        var lookup = Zones.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(zone, out offset))
        {
            return true;
        }

        var sign = zone.IndexOfAny('+', '-');
        return sign > 0 && lookup.TryGetValue(zone[..sign], out var named) && named == TimeSpan.Zero && TryZone(zone[sign..], out offset);
    }

    /// <summary>RFC 822 and the word-and-number dates around it, read token by token in whatever order they come.</summary>
    private static Outcome ReadWords(string text, out DateTimeOffset result)
    {
        result = default;
        int? day = null, month = null, year = null;
        TimeSpan? time = null, offset = null;
        bool? afternoon = null;
        var korean = false;
        // A weekday before a comma is skipped unread: in some languages it looks like a month ("mar" is Tuesday in French).
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        var words = comma is > 0 and <= 12 && !text.AsSpan(0, comma).ContainsAnyInRange('0', '9') ? text.AsSpan(comma + 1) : text.AsSpan();
        foreach (var range in words.SplitAny(" \t\r\n,"))
        {
            var token = words[range].Trim("().");
            if (token.IsEmpty)
            {
                continue;
            }

            if (char.IsAsciiDigit(token[0]))
            {
                // Korean dates mark each number: 2004년 05월 25일.
                if (token[^1] is '년' or '월' or '일' && int.TryParse(token[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var marked))
                {
                    korean = true;
                    _ = token[^1] switch
                    {
                        '년' => year = marked,
                        '월' => month = marked,
                        _ => day = marked,
                    };
                }
                else if (token.Contains(':'))
                {
                    var zoneStart = token.IndexOfAnyExcept(ClockChars);
                    if (!TryTime(zoneStart < 0 ? token : token[..zoneStart], out var read))
                    {
                        return Outcome.Invalid;
                    }

                    time = read;
                    if (zoneStart >= 0)
                    {
                        if (!TryZone(token[zoneStart..], out var attached))
                        {
                            return Outcome.Invalid;
                        }

                        offset = attached;
                    }
                }
                else if (token.ContainsAny("/-.") && !token.ContainsAnyExcept(NumericDateChars))
                {
                    if (!TryNumericDate(token, out var y, out var m, out var d))
                    {
                        return Outcome.Invalid;
                    }

                    (year, month, day) = (y, m, d);
                }
                else if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    if (token.Length == 4)
                    {
                        year ??= number;
                    }
                    else if (token.Length <= 2 && day is null)
                    {
                        day = number;
                    }
                    else if (token.Length <= 2 && year is null)
                    {
                        year = Century(number);
                    }
                }
                else
                {
                    return Outcome.NotThisShape;
                }
            }
            else if (token[0] is '+' or '-')
            {
                if (!TryZone(token, out var read))
                {
                    return Outcome.Invalid;
                }

                offset = read;
            }
            else if (token is "오전" or "오후")
            {
                korean = true;
                afternoon = token is "오후";
            }
            else if (token.Equals("AM", StringComparison.OrdinalIgnoreCase) || token.Equals("PM", StringComparison.OrdinalIgnoreCase))
            {
                afternoon = token.Equals("PM", StringComparison.OrdinalIgnoreCase);
            }
            else if (month is null && MonthOf(token) is { } named)
            {
                month = named;
            }
            else if (TryZone(token, out var zone))
            {
                offset = zone;
            }

            // Anything else is a weekday or a word around the date, in whatever language.
        }

        if (year is null || month is null || day is null)
        {
            return Outcome.NotThisShape;
        }

        var clock = time ?? TimeSpan.Zero;
        if (afternoon is { } pm && clock.Hours is >= 1 and <= 12)
        {
            clock = pm && clock.Hours < 12 ? clock.Add(TimeSpan.FromHours(12)) : !pm && clock.Hours == 12 ? clock.Subtract(TimeSpan.FromHours(12)) : clock;
        }

        return Build(year.Value, month.Value, day.Value, clock, offset ?? (korean ? H(9) : TimeSpan.Zero), out result);
    }

    private static int? MonthOf(ReadOnlySpan<char> word)
    {
        Span<char> lower = stackalloc char[Math.Min(word.Length, 16)];
        word[..lower.Length].ToLowerInvariant(lower);
        var lookup = Months.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var length = lower.Length; length >= 3; length--)
        {
            if (lookup.TryGetValue(lower[..length], out var month))
            {
                return month;
            }
        }

        return null;
    }

    /// <summary>2006/09/15, 15/09/2006, 15.09.2006, 2004-05-25: year first when it has four digits, else day first.</summary>
    private static bool TryNumericDate(ReadOnlySpan<char> token, out int year, out int month, out int day)
    {
        year = month = day = 0;
        Span<Range> ranges = stackalloc Range[4];
        var count = token.SplitAny(ranges, "/-.");
        if (count != 3)
        {
            return false;
        }

        Span<int> parts = stackalloc int[3];
        for (var i = 0; i < 3; i++)
        {
            if (!int.TryParse(token[ranges[i]], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
            {
                return false;
            }
        }

        if (token[ranges[0]].Length == 4)
        {
            (year, month, day) = (parts[0], parts[1], parts[2]);
        }
        else
        {
            // Day first unless the middle number cannot be a month (US order then).
            (day, month, year) = parts[1] > 12 ? (parts[1], parts[0], parts[2]) : (parts[0], parts[1], parts[2]);
            year = token[ranges[2]].Length == 2 ? Century(year) : year;
        }

        return true;
    }

    private static Outcome Build(int year, int month, int day, TimeSpan time, TimeSpan offset, out DateTimeOffset result)
    {
        result = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return Outcome.Invalid;
        }

        result = new DateTimeOffset(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified) + time, offset);
        return Outcome.Parsed;
    }
}
