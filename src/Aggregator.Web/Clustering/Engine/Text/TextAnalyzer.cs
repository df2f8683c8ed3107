namespace Aggregator.Web.Clustering.Engine.Text;

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
/// <remarks>
/// Every article passes through here, so the hot path allocates only what it must hand out: tokens are slices of
/// reusable char buffers, and everything derived from a token's lower-case text alone (stems, stop-word status,
/// number forms) is memoised per distinct token and found by span, without first making a string of it.
/// </remarks>
public sealed class TextAnalyzer
{
    private readonly PorterStemmer _stemmer = new();
    private RawToken[] _tokens = new RawToken[64];
    private TokenMemo.Key[] _keys = new TokenMemo.Key[64];
    private int _touched;
    private int _count;

    // A token's characters as written (possessive and apostrophes removed) and the same lower-cased, at equal offsets.
    private char[] _original = new char[512];
    private char[] _lower = new char[512];
    private char[] _phrase = new char[128];
    private int _letters;
    private int _upperLetters;

    // News reuses a small vocabulary, and stemming is the costliest step; the cap bounds memory on endless streams.
    private readonly TokenMemo _memo = new(MaxCachedWords);
    private const int MaxCachedWords = 200_000;

    /// <summary>Adds the terms of one field (title or text) to <paramref name="terms"/>.</summary>
    public void Analyze(string? field, bool isTitle, List<Term> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (string.IsNullOrWhiteSpace(field))
        {
            return;
        }

        Tokenize(field);
        var caseIsInformative = CaseIsInformative();
        var allCaps = _letters >= 12 && _upperLetters > 0.8 * _letters;
        var runStart = -1;
        for (var i = 0; i < _count; i++)
        {
            var isNameLike = EmitToken(i, isTitle, caseIsInformative, allCaps, terms);

            // A capitalised run ("Claude Opus 4.6") becomes one phrase; a number may only extend a run, never start one.
            ref readonly var token = ref _tokens[i];
            var continuesRun = runStart >= 0 && !token.GapBefore && (isNameLike || token.IsNumber);
            if (continuesRun)
            {
                continue;
            }

            EmitPhrase(runStart, i, isTitle, terms);
            runStart = isNameLike && caseIsInformative ? i : -1;
        }

        EmitPhrase(runStart, _count, isTitle, terms);
    }

    private void EmitPhrase(int start, int end, bool isTitle, List<Term> terms)
    {
        if (start < 0 || end - start < 2)
        {
            return;
        }

        var length = end - start - 1;
        for (var i = start; i < end; i++)
        {
            length += _tokens[i].Length;
        }

        if (_phrase.Length < length)
        {
            _phrase = new char[Math.Max(length, _phrase.Length * 2)];
        }

        var at = 0;
        for (var i = start; i < end; i++)
        {
            if (at > 0)
            {
                _phrase[at++] = ' ';
            }

            ref readonly var token = ref _tokens[i];
            _lower.AsSpan(token.Start, token.Length).CopyTo(_phrase.AsSpan(at));
            at += token.Length;
        }

        terms.Add(new Term(new string(_phrase, 0, length), TermKind.Phrase, isTitle));
    }

    // Returns whether the token looks like part of a name, so callers can build phrases.
    private bool EmitToken(int index, bool isTitle, bool caseIsInformative, bool allCaps, List<Term> terms)
    {
        ref var token = ref _tokens[index];
        var word = token.Word;

        if (token.IsNumber)
        {
            // "$20 billion", "20 bn", "3.5 percent" normalise to the same quantity as "$20B", "20bn", "3.5%".
            var unit = index + 1 < _count ? _tokens[index + 1].Word.Unit : null;
            var number = word.Number ??= WordShape.NormaliseNumber(word.Lower);
            if (unit is not null)
            {
                _tokens[index + 1].Consumed = true;
                terms.Add(new Term(string.Concat(token.Currency, number, unit), TermKind.Quantity, isTitle));
            }
            else if (token.Currency.Length > 0 || token.Percent)
            {
                terms.Add(new Term(string.Concat(token.Currency, number, token.Percent ? "%" : ""), TermKind.Quantity, isTitle));
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
            if (!word.GluedKnown)
            {
                word.Glued = WordShape.SplitNumberAndUnit(word.Lower);
                word.GluedKnown = true;
            }

            if (word.Glued is not null)
            {
                terms.Add(new Term(string.Concat(token.Currency, word.Glued), TermKind.Quantity, isTitle));
                return false;
            }

            terms.Add(new Term(word.Lower, TermKind.Model, isTitle));
            foreach (var stem in word.ModelParts ??= ModelParts(word.Lower))
            {
                terms.Add(new Term(stem, TermKind.Word, isTitle));
            }

            return true;
        }

        var text = _original.AsSpan(token.Start, token.Length);
        var isAcronym = !allCaps && WordShape.IsAcronym(text);
        if (isAcronym)
        {
            terms.Add(new Term(word.Acronym ??= "#" + word.Lower.Replace(".", "", StringComparison.Ordinal), TermKind.Acronym, isTitle));
            return true;
        }

        // Inner capitals ("OpenAI", "iPhone", "ChatGPT") mark a brand whatever the sentence case.
        var innerCapital = !allCaps && WordShape.HasInnerCapital(text);
        var capitalised = char.IsUpper(text[0]);
        var isName = innerCapital || (caseIsInformative && capitalised && !token.SentenceStart);
        var isPartOfName = isName || (caseIsInformative && capitalised);

        var stems = word.Stems ??= StemParts(word.Lower);
        var kind = isName ? TermKind.Entity : TermKind.Word;
        foreach (var stem in stems)
        {
            terms.Add(new Term(stem, kind, isTitle));
        }

        return stems.Length > 0 && isPartOfName && !word.IsStopWord;
    }

    // The stems of a word's parts ("state-of-the-art" gives the stems of "state" and "art"); parts of one letter or stop-words go.
    private string[] StemParts(string lower)
    {
        var stems = new List<string>(2);
        foreach (var part in lower.Split('-', '.', '&'))
        {
            if (part.Length >= 2 && !StopWords.Contains(part))
            {
                stems.Add(_stemmer.Stem(part));
            }
        }

        return stems.ToArray();
    }

    // The word parts of a model name ("claude-opus" in "claude-opus-4"): longer than two letters, without digits.
    private string[] ModelParts(string lower)
    {
        var stems = new List<string>(2);
        foreach (var part in lower.Split('-', '.'))
        {
            if (part.Length > 2 && !part.AsSpan().ContainsAnyInRange('0', '9') && !StopWords.Contains(part))
            {
                stems.Add(_stemmer.Stem(part));
            }
        }

        return stems.ToArray();
    }

    // In Title Case Headlines every word is capitalised, so capitals say nothing about names there.
    private bool CaseIsInformative()
    {
        int words = 0, capitalised = 0;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var token = ref _tokens[i];
            var first = _original[token.Start];
            if (token.IsNumber || token.HasDigit || !char.IsLetter(first) || token.Word.IsStopWord)
            {
                continue;
            }

            words++;
            if (char.IsUpper(first))
            {
                capitalised++;
            }
        }

        return words < 3 || capitalised < 0.85 * words;
    }

    // Splits the field into tokens, counting letters and capitals as it goes (for the all-capitals test).
    private void Tokenize(string s)
    {
        _count = 0;
        _letters = 0;
        _upperLetters = 0;
        if (_original.Length < s.Length)
        {
            _original = new char[Math.Max(s.Length, _original.Length * 2)];
            _lower = new char[_original.Length];
        }

        var used = 0;
        var sentenceStart = true;
        var gap = false;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var currency = "";
            if (c is '$' or '€' or '£' && i + 1 < s.Length && char.IsDigit(s[i + 1]))
            {
                currency = c switch
                {
                    '$' => "$",
                    '€' => "€",
                    _ => "£",
                };
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

            var length = CopyToken(s.AsSpan(start, i - start), _original.AsSpan(used));
            var original = _original.AsSpan(used, length);

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
                else
                {
                    if (ch is not ('.' or ','))
                    {
                        isNumber = false;
                    }

                    if (char.IsLetter(ch))
                    {
                        _letters++;
                        if (char.IsUpper(ch))
                        {
                            _upperLetters++;
                        }
                    }
                }
            }

            var lower = _lower.AsSpan(used, length);
            original.ToLowerInvariant(lower);
            if (_count == _tokens.Length)
            {
                Array.Resize(ref _tokens, _tokens.Length * 2);
                Array.Resize(ref _keys, _tokens.Length);
            }

            _keys[_count] = new TokenMemo.Key(lower);
            _tokens[_count++] = new RawToken(used, length, currency, sentenceStart, gap, isNumber && hasDigit, hasDigit, percent);
            used += length;
            sentenceStart = false;
            gap = false;
        }

        // The memo lookups wait on memory; done together, apart from the scanning, their reads overlap.
        var touched = 0;
        for (var t = 0; t < _count; t++)
        {
            touched |= _memo.Peek(_keys[t]);
        }

        for (var t = 0; t < _count; t++)
        {
            ref var token = ref _tokens[t];
            token.Word = Lookup(_lower.AsSpan(token.Start, token.Length), _keys[t]);
        }

        _touched = touched;
    }

    // Copies a token as it counts: "Fed's" -> "Fed", "don't" -> "dont". Returns the length copied.
    private static int CopyToken(ReadOnlySpan<char> token, Span<char> destination)
    {
        var apostrophe = token.IndexOfAny('\'', '’');
        if (apostrophe > 0)
        {
            var rest = token[(apostrophe + 1)..];
            if (rest is "s" or "S")
            {
                token = token[..apostrophe];
            }
            else
            {
                var length = 0;
                foreach (var c in token)
                {
                    if (c is not ('\'' or '’'))
                    {
                        destination[length++] = c;
                    }
                }

                return length;
            }
        }

        token.CopyTo(destination);
        return token.Length;
    }

    private TokenFacts Lookup(ReadOnlySpan<char> lower, in TokenMemo.Key key)
    {
        var facts = _memo.FindByKey(lower, key);
        if (facts is null)
        {
            var text = new string(lower);
            facts = new TokenFacts(text, key, StopWords.Contains(text), WordShape.Unit(text));
            _memo.Add(key, facts);
        }

        return facts;
    }

    private struct RawToken(int start, int length, string currency, bool sentenceStart, bool gapBefore, bool isNumber, bool hasDigit, bool percent)
    {
        public readonly int Start = start;
        public readonly int Length = length;
        public TokenFacts Word = null!; // set once the whole field is tokenized
        public readonly string Currency = currency;
        public readonly bool SentenceStart = sentenceStart;
        public readonly bool GapBefore = gapBefore;
        public readonly bool IsNumber = isNumber;
        public readonly bool HasDigit = hasDigit;
        public readonly bool Percent = percent;
        public bool Consumed;
    }

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
