namespace Aggregator.Web.Model;

/// <summary>
/// A named lease that processes sharing one database take in turn: the clustering leader's, and one per fetch slot of
/// a host. Whoever holds it renews it before <see cref="ExpiresAt"/>; after that anyone may take it.
/// </summary>
public class Lease
{
    public required string Name { get; set; }

    /// <summary>Who holds it: a process (and, for fetch slots, one fetch of it).</summary>
    public required string Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>How many times the output-cache tag <see cref="Tag"/> has been evicted on any process of the site.</summary>
public class CacheStamp
{
    public required string Tag { get; set; }

    public long Version { get; set; }
}
