namespace Aggregator.Web.Clustering.Engine;

// Article vectors packed one after another in parallel arrays, with no allocation per article: each term, its TF, its
// mixture count and headline TF as read, and what it added to the article's topic (to the centroid and to the
// headline centroid), so that the article can be taken out of its topic again.
internal sealed class PackedVectors(int capacity)
{
    public int[] Terms { get; private set; } = new int[capacity];

    public float[] Tf { get; private set; } = new float[capacity];

    public int[] Counts { get; private set; } = new int[capacity];

    public float[] TitleTf { get; private set; } = new float[capacity];

    public float[] Contribution { get; private set; } = new float[capacity];

    public float[] TitleContribution { get; private set; } = new float[capacity];

    private int _used;

    public void Clear() => _used = 0;

    // Room for one more vector of the given length; returns where it starts.
    public int Reserve(int length)
    {
        if (_used + length > Terms.Length)
        {
            var size = Math.Max(_used + length, Terms.Length * 2);
            Terms = Resized(Terms, size);
            Tf = Resized(Tf, size);
            Counts = Resized(Counts, size);
            TitleTf = Resized(TitleTf, size);
            Contribution = Resized(Contribution, size);
            TitleContribution = Resized(TitleContribution, size);
        }

        var offset = _used;
        _used += length;
        return offset;
    }

    // Appends a vector held by another set; returns where it starts here.
    public int Append(PackedVectors from, int offset, int length)
    {
        var at = Reserve(length);
        from.CopyTo(offset, length, this, at);
        return at;
    }

    // Copies one vector to the given place in another set (which has room for it).
    public void CopyTo(int offset, int length, PackedVectors to, int at)
    {
        Array.Copy(Terms, offset, to.Terms, at, length);
        Array.Copy(Tf, offset, to.Tf, at, length);
        Array.Copy(Counts, offset, to.Counts, at, length);
        Array.Copy(TitleTf, offset, to.TitleTf, at, length);
        Array.Copy(Contribution, offset, to.Contribution, at, length);
        Array.Copy(TitleContribution, offset, to.TitleContribution, at, length);
    }

    private static T[] Resized<T>(T[] array, int size)
    {
        Array.Resize(ref array, size);
        return array;
    }
}
