using System.Text;

namespace Aggregator.Web.Ingestion;

/// <summary>Canonical article URLs: tracking parameters and fragments gone, scheme and host lower-case, default ports dropped.</summary>
public static class UrlCleaner
{
    /// <summary>Longer addresses are refused (a feed's link then falls back to its site): browsers and sitemaps stop here too.</summary>
    public const int MaxLength = 2048;

    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id", "igshid",
        "mc_cid", "mc_eid", "ref_src", "ref_url", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsCtaTracking",
        "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_conv", "vero_id", "wt_mc", "wt.mc_id", "s_cid", "ncid", "cmpid",
        "sr_share", "rss", "feed_id", "spm", "scm", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3",
        "at_custom4", "guccounter", "guce_referrer", "guce_referrer_sig", "soc_src", "soc_trk", "CMP", "ito", "taid", "ocid",
        "__twitter_impression", "smid", "smtyp",
    };

    private static readonly string[] TrackingPrefixes = ["utm_", "pk_", "mtm_", "matomo_", "hmb_", "itm_"];

    public static bool IsTrackingParameter(ReadOnlySpan<char> name)
    {
        foreach (var prefix in TrackingPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return TrackingParameters.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name);
    }

    /// <summary>The canonical form of an absolute http(s) URL, or null when it is not one or is too long.</summary>
    public static string? Canonicalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var builder = new StringBuilder(url.Length);
        builder.Append(uri.Scheme).Append("://").Append(uri.IdnHost.ToLowerInvariant());
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }

        builder.Append(uri.AbsolutePath);
        AppendCleanQuery(builder, uri.Query);
        return builder.ToString();
    }

    /// <summary>Strips tracking parameters from a URL found inside an article body, keeping everything else as written.</summary>
    public static string StripTracking(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return url;
        }

        var hash = url.IndexOf('#', question);
        var query = hash < 0 ? url[question..] : url[question..hash];
        var builder = new StringBuilder(url.Length);
        builder.Append(url, 0, question);
        AppendCleanQuery(builder, query);
        if (hash >= 0)
        {
            builder.Append(url, hash, url.Length - hash);
        }

        return builder.ToString();
    }

    private static void AppendCleanQuery(StringBuilder builder, string query)
    {
        if (query.Length <= 1)
        {
            return;
        }

        var first = true;
        foreach (var range in query.AsSpan(1).Split('&'))
        {
            var pair = query.AsSpan(1)[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (IsTrackingParameter(name))
            {
                continue;
            }

            builder.Append(first ? '?' : '&').Append(pair);
            first = false;
        }
    }
}
