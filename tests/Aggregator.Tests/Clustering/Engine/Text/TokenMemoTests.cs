using Aggregator.Web.Clustering.Engine.Text;

namespace Aggregator.Tests.Clustering.Engine.Text;

public class TokenMemoTests
{
    [Fact]
    public void FindsEachTokenByItsCharactersAlone()
    {
        var memo = new TokenMemo(capacity: 100_000);
        // Same first twelve characters, same length, or both: only the whole text tells them apart.
        string[] tokens = ["internationalization", "internationalisation", "internationally", "a", "ab", "abcd", "abcde", "abcdefghijkl", "abcdefghijklm", "abcdefghijkm"];
        var added = tokens.ToDictionary(t => t, t => Add(memo, t));

        foreach (var token in tokens)
        {
            // A fresh copy of the characters, so nothing can match by reference.
            Assert.Same(added[token], memo.Find(token.ToCharArray(), out _));
        }

        Assert.Null(memo.Find("internationalizatio", out _));
        Assert.Null(memo.Find("abcdefghijkn", out _));
    }

    [Fact]
    public void KeepsEveryTokenAsItGrowsAndStartsAfreshWhenFull()
    {
        var memo = new TokenMemo(capacity: 50_000);
        var words = Enumerable.Range(0, 50_000).Select(i => "w" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var facts = words.Select(w => Add(memo, w)).ToArray();

        Assert.Equal(50_000, memo.Count);
        Assert.All(Enumerable.Range(0, words.Length), i => Assert.Same(facts[i], memo.Find(words[i], out _)));

        var next = Add(memo, "overflow");
        Assert.Equal(1, memo.Count);
        Assert.Same(next, memo.Find("overflow", out _));
        Assert.Null(memo.Find(words[0], out _));
    }

    private static TokenFacts Add(TokenMemo memo, string token)
    {
        Assert.Null(memo.Find(token, out var key));
        var facts = new TokenFacts(token, key, isStopWord: false, unit: null);
        memo.Add(key, facts);
        return facts;
    }
}
