namespace Aggregator.Web.Clustering.Engine.Text;

// What a token's letters and digits say about it: an acronym, a name with an inner capital, a figure with a unit.
internal static class WordShape
{
    // "NASA", "U.S": two to six capitals, or single letters joined by dots.
    public static bool IsAcronym(ReadOnlySpan<char> text)
    {
        if (text.Contains('.'))
        {
            // "U.S", "U.K": single letters joined by dots.
            while (true)
            {
                var dot = text.IndexOf('.');
                var part = dot < 0 ? text : text[..dot];
                if (part.Length != 1 || !char.IsLetter(part[0]))
                {
                    return false;
                }

                if (dot < 0)
                {
                    return true;
                }

                text = text[(dot + 1)..];
            }
        }

        if (text.Length is < 2 or > 6)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    // "iPhone", "OpenAI": a capital after a small letter, or anywhere in a word that begins small.
    public static bool HasInnerCapital(ReadOnlySpan<char> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && char.IsLower(text[i - 1]))
            {
                return true;
            }
        }

        if (char.IsLower(text[0]))
        {
            for (var i = 1; i < text.Length; i++)
            {
                if (char.IsUpper(text[i]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // A figure without thousands separators or trailing decimal zeros.
    public static string NormaliseNumber(string number)
    {
        var plain = number.Replace(",", "", StringComparison.Ordinal);
        if (plain.Contains('.', StringComparison.Ordinal))
        {
            plain = plain.TrimEnd('0').TrimEnd('.');
        }

        return plain;
    }

    // The unit a word names, in the short form a glued figure uses ("$20 billion" and "$20B" are one term).
    public static string? Unit(string word) => word switch
    {
        "billion" or "bn" or "b" => "b",
        "million" or "mn" or "m" or "mln" => "m",
        "trillion" or "tn" or "t" => "t",
        "thousand" or "k" => "k",
        "percent" or "pct" => "%",
        _ => null,
    };

    // A figure glued to its unit ("20bn", "5%"), as the number and the unit's short form; null if it is not one.
    public static string? SplitNumberAndUnit(string lower)
    {
        var i = 0;
        while (i < lower.Length && (char.IsAsciiDigit(lower[i]) || lower[i] is '.' or ','))
        {
            i++;
        }

        if (i == 0 || i == lower.Length)
        {
            return null;
        }

        var unit = Unit(lower[i..]);
        return unit is null ? null : NormaliseNumber(lower[..i]) + unit;
    }
}
