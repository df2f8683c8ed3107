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

        if (EmbeddedIPv4(address) is { } embedded)
        {
            return embedded.Any(IsNonPublic);
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

    /// <summary>
    /// The IPv4 addresses an IPv6 address carries and leads to: IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4
    /// 2002::/16 and Teredo 2001::/32 (its server, and its client stored inverted in the last 32 bits). Each is judged as
    /// the address itself. The local-use NAT64 prefix 64:ff9b:1::/48 is a private network, whatever it embeds.
    /// </summary>
    private static IPAddress[]? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return [new IPAddress(b.AsSpan(12, 4))];
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0 ? [new IPAddress(b.AsSpan(12, 4))] : b[4] == 0 && b[5] == 1 ? [IPAddress.Loopback] : null;
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return [new IPAddress(b.AsSpan(2, 4))];
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
        {
            var client = b[12..16];
            for (var i = 0; i < client.Length; i++)
            {
                client[i] ^= 0xff;
            }

            return [new IPAddress(b.AsSpan(4, 4)), new IPAddress(client)];
        }

        return null;
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
