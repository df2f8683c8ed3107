using System.Net;
using System.Net.Sockets;

namespace Aggregator.Web.Ingestion;

/// <summary>Which addresses a feed URL may point at: public ones only, unless intranet feeds are allowed.</summary>
public static class NetworkAddressPolicy
{
    /// <summary>True for loopback, private, link-local (incl. cloud metadata 169.254.169.254), CGNAT, multicast, unspecified.</summary>
    public static bool IsNonPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] >= 64 && b[1] <= 127,       // carrier-grade NAT
                169 => b[1] == 254,                      // link-local, cloud metadata
                172 => b[1] >= 16 && b[1] <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0),
                198 => b[1] == 18 || b[1] == 19,         // benchmarking range
                >= 224 => true,                          // multicast and reserved
                _ => false,
            };
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
    }

    /// <summary>Resolves the host and reports whether any of its addresses is non-public.</summary>
    public static async Task<bool> ResolvesToNonPublicAsync(Uri url, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
        {
            return IsNonPublic(literal);
        }

        if (url.IsLoopback)
        {
            return true;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
            return addresses.Length == 0 || addresses.Any(IsNonPublic);
        }
        catch (SocketException)
        {
            // An unresolvable host is not proven public; the caller reports it as such.
            return true;
        }
    }
}
