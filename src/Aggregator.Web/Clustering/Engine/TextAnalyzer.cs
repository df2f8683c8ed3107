using System.Runtime.CompilerServices;
using System.Text;

namespace Aggregator.Web.Clustering.Engine;

/// <summary>What kind of feature a term is; entity-like kinds weigh more because they name the story.</summary>
public enum TermKind
{
    Word,
    Entity,
    Acronym,
    Model,
    Quantity,
    Phrase,
}

/// <summary>One feature of an article before weighting: its normalised text, kind and where it came from.</summary>
public readonly record struct Term(string Text, TermKind Kind, bool InTitle);

/// <summary>
/// Turns a headline and its text into terms: stemmed words without stop-words, plus entity-like features that
/// identify a story better than words do: capitalised names ("Nvidia"), acronyms ("U.S." and "US" alike),
/// model names ("GPT-5", "H100"), quantities with units ("$20B", "$20 billion", "3.5%") and capitalised phrases
/// ("Claude Opus 4.6", "Consumer Electronics Show"). Not thread-safe: it reuses buffers.
/// </summary>
public sealed class TextAnalyzer
{
    private readonly PorterStemmer _stemmer = new();
    private readonly List<RawToken> _tokens = [];
    private readonly StringBuilder _phrase = new();

    // Memoised stems of word parts: news reuses a small vocabulary, and stemming is the costliest step.
    private readonly Dictionary<string, string[]> _parts = new(StringComparer.Ordinal);
    private const int MaxCachedWords = 200_000;

    /// <summary>Adds the terms of one field (title or text) to <paramref name="terms"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Analyze(string? field, bool isTitle, List<Term> terms)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return;
        }

        Tokenize(field);
        var caseIsInformative = CaseIsInformative();
        var allCaps = IsMostlyUpperCase();
        var runStart = -1;
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            var isNameLike = EmitToken(token, i, isTitle, caseIsInformative, allCaps, terms);

            // A capitalised run ("Claude Opus 4.6") becomes one phrase; a number may only extend a run, never start one.
            var continuesRun = runStart >= 0 && !token.GapBefore && (isNameLike || token.IsNumber);
            if (continuesRun)
            {
                continue;
            }

            EmitPhrase(runStart, i, isTitle, terms);
            runStart = isNameLike && caseIsInformative ? i : -1;
        }

        EmitPhrase(runStart, _tokens.Count, isTitle, terms);
    }

    private void EmitPhrase(int start, int end, bool isTitle, List<Term> terms)
    {
        if (start < 0 || end - start < 2)
        {
            return;
        }

        _phrase.Clear();
        for (var i = start; i < end; i++)
        {
            if (_phrase.Length > 0)
            {
                _phrase.Append(' ');
            }

            _phrase.Append(_tokens[i].Lower);
        }

        terms.Add(new Term(_phrase.ToString(), TermKind.Phrase, isTitle));
    }

    // Returns whether the token looks like part of a name, so callers can build phrases.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EmitToken(RawToken token, int index, bool isTitle, bool caseIsInformative, bool allCaps, List<Term> terms)
    {
        var text = token.Original;
        var lower = token.Lower;

        if (token.IsNumber)
        {
            // "$20 billion", "20 bn", "3.5 percent" normalise to the same quantity as "$20B", "20bn", "3.5%".
            var unit = index + 1 < _tokens.Count ? Unit(_tokens[index + 1].Lower) : null;
            var number = NormaliseNumber(lower);
            if (unit is not null)
            {
                _tokens[index + 1] = _tokens[index + 1] with { Consumed = true };
                terms.Add(new Term(token.Currency + number + unit, TermKind.Quantity, isTitle));
            }
            else if (token.Currency.Length > 0 || token.Percent)
            {
                terms.Add(new Term(token.Currency + number + (token.Percent ? "%" : ""), TermKind.Quantity, isTitle));
            }
            else
            {
                terms.Add(new Term(number, TermKind.Word, isTitle));
            }

            return false;
        }

        if (token.Consumed)
        {
            return false;
        }

        if (token.HasDigit)
        {
            // "20B", "3.5bn": a number with a unit glued on; otherwise a model name such as "GPT-5", "H100", "4o".
            var split = SplitNumberAndUnit(lower);
            if (split is not null)
            {
                terms.Add(new Term(token.Currency + split, TermKind.Quantity, isTitle));
                return false;
            }

            terms.Add(new Term(lower, TermKind.Model, isTitle));
            foreach (var part in lower.Split('-', '.'))
            {
                if (part.Length > 2 && !part.Any(char.IsAsciiDigit) && !StopWords.Contains(part))
                {
                    terms.Add(new Term(_stemmer.Stem(part), TermKind.Word, isTitle));
                }
            }

            return true;
        }

        var isAcronym = !allCaps && IsAcronym(text);
        if (isAcronym)
        {
            terms.Add(new Term("#" + lower.Replace(".", "", StringComparison.Ordinal), TermKind.Acronym, isTitle));
            return true;
        }

        // Inner capitals ("OpenAI", "iPhone", "ChatGPT") mark a brand whatever the sentence case.
        var innerCapital = !allCaps && HasInnerCapital(text);
        var capitalised = char.IsUpper(text[0]);
        var isName = innerCapital || (caseIsInformative && capitalised && !token.SentenceStart);
        var isPartOfName = isName || (caseIsInformative && capitalised);

        var stems = StemParts(lower);
        foreach (var stem in stems)
        {
            terms.Add(new Term(stem, isName ? TermKind.Entity : TermKind.Word, isTitle));
        }

        return stems.Length > 0 && isPartOfName && !StopWords.Contains(lower);
    }

    private string[] StemParts(string lower)
    {
        if (_parts.TryGetValue(lower, out var stems))
        {
            return stems;
        }

        if (_parts.Count >= MaxCachedWords)
        {
            _parts.Clear();
        }

        stems = lower.Split('-', '.', '&')
            .Where(part => part.Length >= 2 && !StopWords.Contains(part))
            .Select(_stemmer.Stem)
            .ToArray();
        _parts.Add(lower, stems);
        return stems;
    }

    private static bool IsAcronym(string text)
    {
        if (text.Contains('.', StringComparison.Ordinal))
        {
            // "U.S", "U.K": single letters joined by dots.
            var parts = text.Split('.');
            return parts.All(p => p.Length == 1 && char.IsLetter(p[0]));
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

    private static bool HasInnerCapital(string text)
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

    private static string NormaliseNumber(string number)
    {
        var plain = number.Replace(",", "", StringComparison.Ordinal);
        if (plain.Contains('.', StringComparison.Ordinal))
        {
            plain = plain.TrimEnd('0').TrimEnd('.');
        }

        return plain;
    }

    private static string? Unit(string word) => word switch
    {
        "billion" or "bn" or "b" => "b",
        "million" or "mn" or "m" or "mln" => "m",
        "trillion" or "tn" or "t" => "t",
        "thousand" or "k" => "k",
        "percent" or "pct" => "%",
        _ => null,
    };

    private static string? SplitNumberAndUnit(string lower)
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

    // In Title Case Headlines every word is capitalised, so capitals say nothing about names there.
    private bool CaseIsInformative()
    {
        int words = 0, capitalised = 0;
        foreach (var token in _tokens)
        {
            if (token.IsNumber || token.HasDigit || !char.IsLetter(token.Original[0]) || StopWords.Contains(token.Lower))
            {
                continue;
            }

            words++;
            if (char.IsUpper(token.Original[0]))
            {
                capitalised++;
            }
        }

        return words < 3 || capitalised < 0.85 * words;
    }

    private bool IsMostlyUpperCase()
    {
        int letters = 0, upper = 0;
        foreach (var token in _tokens)
        {
            foreach (var c in token.Original)
            {
                if (char.IsLetter(c))
                {
                    letters++;
                    if (char.IsUpper(c))
                    {
                        upper++;
                    }
                }
            }
        }

        return letters >= 12 && upper > 0.8 * letters;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tokenize(string s)
    {
        _tokens.Clear();
        var sentenceStart = true;
        var gap = false;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var currency = "";
            if (c is '$' or '€' or '£' && i + 1 < s.Length && char.IsDigit(s[i + 1]))
            {
                currency = c.ToString();
                i++;
                c = s[i];
            }

            if (!char.IsLetterOrDigit(c))
            {
                if (c is '.' or '!' or '?' or ':' or ';' or '\n' or '|' or '—' or '–')
                {
                    sentenceStart = true;
                }

                if (!char.IsWhiteSpace(c))
                {
                    gap = true;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < s.Length)
            {
                var d = s[i];
                if (char.IsLetterOrDigit(d))
                {
                    i++;
                }
                else if (d is '-' or '.' or '\'' or '’' or '&' or ',' && i + 1 < s.Length && char.IsLetterOrDigit(s[i + 1])
                         && (d != ',' || (char.IsDigit(s[i - 1]) && char.IsDigit(s[i + 1]))))
                {
                    i += 2;
                }
                else
                {
                    break;
                }
            }

            var original = s[start..i];
            var apostrophe = original.IndexOfAny(['\'', '’']);
            if (apostrophe > 0)
            {
                // "Fed's" -> "Fed", "don't" -> "dont"
                var rest = original[(apostrophe + 1)..];
                original = rest is "s" or "S" ? original[..apostrophe] : original.Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal);
            }

            var percent = i < s.Length && s[i] == '%';
            if (percent)
            {
                i++;
            }

            var isNumber = true;
            var hasDigit = false;
            foreach (var ch in original)
            {
                if (char.IsDigit(ch))
                {
                    hasDigit = true;
                }
                else if (ch is not ('.' or ','))
                {
                    isNumber = false;
                }
            }

            _tokens.Add(new RawToken(original, original.ToLowerInvariant(), sentenceStart, gap, isNumber && hasDigit, hasDigit, currency, percent, false));
            sentenceStart = false;
            gap = false;
        }
    }

    private readonly record struct RawToken(
        string Original,
        string Lower,
        bool SentenceStart,
        bool GapBefore,
        bool IsNumber,
        bool HasDigit,
        string Currency,
        bool Percent,
        bool Consumed);

    internal static readonly HashSet<string> StopWords = new(
        """
        a about above after again against all also am an and any are as at be because been before being below between
        both but by can could did do does doing down during each few for from further had has have having he her here
        hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
        on once only or other our ours ourselves out over own same she should so some such than that the their theirs
        them themselves then there these they this those through to too under until up very was we were what when where
        which while who whom why will with would you your yours yourself yourselves dont doesnt didnt isnt arent wasnt
        werent wont cant couldnt shouldnt wouldnt hasnt havent hadnt im ive id youre youve theyre theyve weve thats whats
        us via vs get gets got says said say new one two may might must shall per amid among upon whether yet still
        many much even ever every another since within without across around toward towards onto like just
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);
}
