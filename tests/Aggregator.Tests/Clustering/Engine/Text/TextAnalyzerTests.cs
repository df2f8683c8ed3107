using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Tests.Clustering.Engine.Text;

public class TextAnalyzerTests
{
    [Theory]
    [InlineData("connections", "connect")]
    [InlineData("connected", "connect")]
    [InlineData("connecting", "connect")]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("relational", "relat")]
    [InlineData("hopping", "hop")]
    [InlineData("running", "run")]
    [InlineData("generalization", "gener")]
    [InlineData("adoption", "adopt")]
    [InlineData("launches", "launch")]
    [InlineData("gpt", "gpt")]
    public void StemsEnglishWordsToTheirRoot(string word, string stem)
    {
        Assert.Equal(stem, new PorterStemmer().Stem(word));
    }

    [Fact]
    public void DropsStopWordsAndStemsWords()
    {
        var terms = Analyze("The regulators are investigating the companies", isTitle: false);

        Assert.Equal(["regul", "investig", "compani"], terms.Select(t => t.Text));
        Assert.All(terms, t => Assert.Equal(TermKind.Word, t.Kind));
    }

    [Fact]
    public void ExtractsModelNamesAndQuantities()
    {
        var terms = Analyze("Investors value OpenAI at $20B after GPT-5 and H100 orders rose 3.5%", isTitle: false);

        Assert.Contains(terms, t => t is { Text: "gpt-5", Kind: TermKind.Model });
        Assert.Contains(terms, t => t is { Text: "h100", Kind: TermKind.Model });
        Assert.Contains(terms, t => t is { Text: "$20b", Kind: TermKind.Quantity });
        Assert.Contains(terms, t => t is { Text: "3.5%", Kind: TermKind.Quantity });
        Assert.Contains(terms, t => t is { Text: "openai", Kind: TermKind.Entity });
    }

    [Fact]
    public void NormalisesQuantitiesWrittenOut()
    {
        var spelled = Analyze("The startup raised $20 billion in funding", isTitle: false);
        var glued = Analyze("The startup raised $20bn in funding", isTitle: false);

        Assert.Contains(spelled, t => t is { Text: "$20b", Kind: TermKind.Quantity });
        Assert.Contains(glued, t => t is { Text: "$20b", Kind: TermKind.Quantity });
        Assert.DoesNotContain(spelled, t => t.Text == "billion");
    }

    [Fact]
    public void JoinsCapitalisedNamesIntoPhrases()
    {
        var terms = Analyze("Anthropic said on Monday that Claude Opus 4.6 beats rivals at the Consumer Electronics Show", isTitle: false);

        Assert.Contains(terms, t => t is { Text: "claude opus 4.6", Kind: TermKind.Phrase });
        Assert.Contains(terms, t => t is { Text: "consumer electronics show", Kind: TermKind.Phrase });
        Assert.Contains(terms, t => t is { Text: "claud", Kind: TermKind.Entity });
    }

    [Fact]
    public void IgnoresCapitalsInTitleCaseHeadlines()
    {
        var terms = Analyze("Fed Official Says Weak Data Caused By Weather", isTitle: true);

        Assert.DoesNotContain(terms, t => t.Kind == TermKind.Phrase);
        Assert.All(terms, t => Assert.True(t.InTitle));
    }

    [Fact]
    public void TreatsAcronymsWithAndWithoutDotsAlike()
    {
        var dotted = Analyze("Exports to the U.S. fell sharply", isTitle: false);
        var plain = Analyze("Exports to the US fell sharply", isTitle: false);

        Assert.Contains(dotted, t => t is { Text: "#us", Kind: TermKind.Acronym });
        Assert.Contains(plain, t => t is { Text: "#us", Kind: TermKind.Acronym });
    }

    [Fact]
    public void StripsPossessives()
    {
        var terms = Analyze("Nvidia's keynote", isTitle: true);

        Assert.Equal(["nvidia", "keynot"], terms.Select(t => t.Text));
    }

    [Fact]
    public void NormalisesNumbersCurrenciesAndApostrophes()
    {
        var terms = Analyze("Rock'n'roll band's $3bn deal: €5 million, 1,000 fans and 3.50% don't", isTitle: false);

        Assert.Equal(["rocknrol", "band", "$3b", "deal", "€5m", "1000", "fan", "3.5%"], terms.Select(t => t.Text));
    }

    [Fact]
    public void GivesTheSameTermsFromItsMemoryAsAFreshAnalyzer()
    {
        const string text = "OpenAI's GPT-5 and Nvidia's H100: the U.S. regulators said Claude Opus 4.6 beat rivals, raising $20 billion.";
        var analyzer = new TextAnalyzer();
        var first = new List<Term>();
        analyzer.Analyze(text, isTitle: false, first);

        // Enough distinct words to overflow the memo, which then starts again.
        var filler = string.Join(' ', Enumerable.Range(0, 210_000).Select(Letters));
        analyzer.Analyze(filler, isTitle: false, []);
        var again = new List<Term>();
        analyzer.Analyze(text, isTitle: false, again);

        Assert.Equal(Analyze(text, isTitle: false), first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void AnalysesLongTextsAsTheirSentences()
    {
        const string sentence = "Anthropic said Claude Opus 4.6 beats rivals at the Consumer Electronics Show in Las Vegas. ";
        var one = Analyze(sentence, isTitle: false);

        var many = Analyze(string.Concat(Enumerable.Repeat(sentence, 60)), isTitle: false);

        // A phrase is only known complete at the next token, so one can follow the next sentence's first word.
        Assert.Equal(Enumerable.Range(0, 60).SelectMany(_ => one).Select(t => t.ToString()).Order(), many.Select(t => t.ToString()).Order());
    }

    private static string Letters(int number)
    {
        var chars = new List<char>();
        do
        {
            chars.Add((char)('a' + (number % 26)));
            number /= 26;
        }
        while (number > 0);

        return "q" + new string([.. chars]);
    }

    private static List<Term> Analyze(string text, bool isTitle)
    {
        var terms = new List<Term>();
        new TextAnalyzer().Analyze(text, isTitle, terms);
        return terms;
    }
}
