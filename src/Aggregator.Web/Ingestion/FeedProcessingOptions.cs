using System.ComponentModel.DataAnnotations;

namespace Aggregator.Web.Ingestion;

/// <summary>Limits for parsing and storing one feed body (section "Ingestion:Processing").</summary>
public sealed class FeedProcessingOptions
{
    public const string Section = "Ingestion:Processing";

    /// <summary>Items beyond this many in one body are ignored (newest first as the feed lists them).</summary>
    [Range(1, 100_000)]
    public int MaxItemsPerFetch { get; set; } = 1_000;

    /// <summary>Plain text kept per article, in characters.</summary>
    [Range(200, 1_000_000)]
    public int MaxTextLength { get; set; } = 20_000;

    /// <summary>Sanitized HTML kept per article, in characters; longer summaries fall back to their plain text.</summary>
    [Range(200, 2_000_000)]
    public int MaxHtmlLength { get; set; } = 100_000;

    /// <summary>HTML read per item body, in characters; the rest is cut before parsing, so one item's cost is bounded.</summary>
    [Range(10_000, 50_000_000)]
    public int MaxHtmlInputLength { get; set; } = 1_000_000;

    /// <summary>Elements nested deeper than this in an item body lose their tags (their text stays).</summary>
    [Range(16, 10_000)]
    public int MaxNestingDepth { get; set; } = 100;

    /// <summary>Cap on a body after gunzipping, so a compressed bomb cannot exhaust memory.</summary>
    [Range(1024, 1_073_741_824)]
    public int MaxDecompressedBytes { get; set; } = 50 * 1024 * 1024;
}
