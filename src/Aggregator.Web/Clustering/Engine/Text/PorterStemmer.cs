namespace Aggregator.Web.Clustering.Engine.Text;

/// <summary>
/// The Porter (1980) suffix-stripping stemmer for lower-case English words, written for speed: one reusable buffer,
/// no allocations except the result. "connections", "connected" and "connecting" all become "connect".
/// Not thread-safe (the buffer is shared); each analyzer owns one.
/// </summary>
public sealed class PorterStemmer
{
    private char[] _b = new char[64];
    private int _k; // index of the last character of the current word
    private int _j; // end of the stem candidate while testing a suffix

    public string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2)
        {
            return word;
        }

        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return word; // numbers, model names and non-English words stay as they are
            }
        }

        if (_b.Length < word.Length + 1)
        {
            _b = new char[word.Length * 2];
        }

        word.CopyTo(0, _b, 0, word.Length);
        _k = word.Length - 1;
        Step1Ab();
        if (_k > 0)
        {
            Step1C();
            Step2();
            Step3();
            Step4();
            Step5();
        }

        return _k == word.Length - 1 ? word : new string(_b, 0, _k + 1);
    }

    private bool IsConsonant(int i)
    {
        switch (_b[i])
        {
            case 'a' or 'e' or 'i' or 'o' or 'u':
                return false;
            case 'y':
                return i == 0 || !IsConsonant(i - 1);
            default:
                return true;
        }
    }

    // m() of the paper: the number of vowel-consonant sequences in b[0.._j].
    private int Measure()
    {
        var n = 0;
        var i = 0;
        while (true)
        {
            if (i > _j)
            {
                return n;
            }

            if (!IsConsonant(i))
            {
                break;
            }

            i++;
        }

        i++;
        while (true)
        {
            while (true)
            {
                if (i > _j)
                {
                    return n;
                }

                if (IsConsonant(i))
                {
                    break;
                }

                i++;
            }

            i++;
            n++;
            while (true)
            {
                if (i > _j)
                {
                    return n;
                }

                if (!IsConsonant(i))
                {
                    break;
                }

                i++;
            }

            i++;
        }
    }

    private bool VowelInStem()
    {
        for (var i = 0; i <= _j; i++)
        {
            if (!IsConsonant(i))
            {
                return true;
            }
        }

        return false;
    }

    private bool DoubleConsonant(int j) => j >= 1 && _b[j] == _b[j - 1] && IsConsonant(j);

    // cvc(i): consonant-vowel-consonant ending at i, the last not w, x or y (e.g. "hop", not "snow").
    private bool Cvc(int i)
    {
        if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2))
        {
            return false;
        }

        return _b[i] is not ('w' or 'x' or 'y');
    }

    private bool Ends(string s)
    {
        var length = s.Length;
        if (length > _k + 1)
        {
            return false;
        }

        var start = _k - length + 1;
        for (var i = 0; i < length; i++)
        {
            if (_b[start + i] != s[i])
            {
                return false;
            }
        }

        _j = _k - length;
        return true;
    }

    private void SetTo(string s)
    {
        var start = _j + 1;
        for (var i = 0; i < s.Length; i++)
        {
            _b[start + i] = s[i];
        }

        _k = _j + s.Length;
    }

    private void ReplaceIfMeasured(string s)
    {
        if (Measure() > 0)
        {
            SetTo(s);
        }
    }

    private void Step1Ab()
    {
        if (_b[_k] == 's')
        {
            if (Ends("sses"))
            {
                _k -= 2;
            }
            else if (Ends("ies"))
            {
                SetTo("i");
            }
            else if (_b[_k - 1] != 's')
            {
                _k--;
            }
        }

        if (Ends("eed"))
        {
            if (Measure() > 0)
            {
                _k--;
            }
        }
        else if ((Ends("ed") || Ends("ing")) && VowelInStem())
        {
            _k = _j;
            if (Ends("at"))
            {
                SetTo("ate");
            }
            else if (Ends("bl"))
            {
                SetTo("ble");
            }
            else if (Ends("iz"))
            {
                SetTo("ize");
            }
            else if (DoubleConsonant(_k))
            {
                if (_b[_k] is not ('l' or 's' or 'z'))
                {
                    _k--;
                }
            }
            else
            {
                _j = _k;
                if (Measure() == 1 && Cvc(_k))
                {
                    SetTo("e");
                }
            }
        }
    }

    private void Step1C()
    {
        if (Ends("y") && VowelInStem())
        {
            _b[_k] = 'i';
        }
    }

    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
        ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
        ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti",
        "ous", "ive", "ize",
    ];

    private void Step2()
    {
        foreach (var (suffix, replacement) in Step2Rules)
        {
            if (Ends(suffix))
            {
                ReplaceIfMeasured(replacement);
                return;
            }
        }
    }

    private void Step3()
    {
        foreach (var (suffix, replacement) in Step3Rules)
        {
            if (Ends(suffix))
            {
                ReplaceIfMeasured(replacement);
                return;
            }
        }
    }

    private void Step4()
    {
        foreach (var suffix in Step4Suffixes)
        {
            if (!Ends(suffix))
            {
                continue;
            }

            // "-ion" only goes after s or t ("adoption" -> "adopt", not "onion" -> "on").
            if (suffix == "ion" && (_j < 0 || _b[_j] is not ('s' or 't')))
            {
                return;
            }

            if (Measure() > 1)
            {
                _k = _j;
            }

            return;
        }
    }

    private void Step5()
    {
        _j = _k;
        if (_b[_k] == 'e')
        {
            _j = _k - 1;
            var m = Measure();
            if (m > 1 || (m == 1 && !Cvc(_k - 1)))
            {
                _k--;
            }
        }

        _j = _k;
        if (_b[_k] == 'l' && DoubleConsonant(_k) && Measure() > 1)
        {
            _k--;
        }
    }
}
