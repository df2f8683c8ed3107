namespace Aggregator.Web.Clustering.Engine.Text;

/// <summary>
/// The words of an article's headline, keyed whatever their kind (a name in one outlet's sentence case is a plain word
/// in another's Title Case), and which of them name something: a capitalised name, a model ("X1", "S26"), an acronym
/// or an amount. Two reports of one event name the same thing; a maker's six launches each name their own product.
/// </summary>
public sealed class HeadlineNames
{
    public static readonly HeadlineNames None = new([], [], []);

    internal HeadlineNames(int[] keys, int[] names, int[] nameTerms)
    {
        Keys = keys;
        Names = names;
        NameTerms = nameTerms;
    }

    // Every headline term's key, once.
    internal int[] Keys { get; }

    // The keys of the headline's names, and the same names' terms as the engine counts them (for their rarity).
    internal int[] Names { get; }

    internal int[] NameTerms { get; }

    internal bool Says(int key) => Array.IndexOf(Keys, key) >= 0;

    internal static bool IsName(TermKind kind) => kind is TermKind.Entity or TermKind.Model or TermKind.Acronym or TermKind.Quantity;
}
