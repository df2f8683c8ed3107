using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// A hash of an item as the feed wrote it, with what normalising it depends on (the feed's site and base). Equal
/// hashes mean normalising would give the same article again, so a re-fetch skips such items before any HTML work.
/// </summary>
internal static class ItemFingerprint
{
    // Changing how items are normalised changes what an unchanged item would store: bump this so they are redone.
    private const string Version = "1";

    public static string Of(ParsedItem item, ParsedFeed feed, Uri? feedBase)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, Version);
        Add(hash, feed.SiteUrl);
        Add(hash, feedBase?.AbsoluteUri);
        Add(hash, item.Id);
        Add(hash, item.IdIsPermaLink ? "1" : "0");
        Add(hash, item.Link);
        Add(hash, item.Title);
        Add(hash, item.Author);
        Add(hash, item.PublishedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add(hash, item.UpdatedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add(hash, item.Html);
        Add(hash, item.ImageUrl);
        Add(hash, item.Language);
        Add(hash, item.BaseUri?.AbsoluteUri);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    private static void Add(IncrementalHash hash, string? value)
    {
        // A length prefix keeps ("ab", "c") and ("a", "bc") apart; -1 marks a missing value.
        Span<byte> length = stackalloc byte[4];
        BitConverter.TryWriteBytes(length, value?.Length ?? -1);
        hash.AppendData(length);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            hash.AppendData(bytes, 0, Encoding.UTF8.GetBytes(value, bytes));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
