using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Aggregator.Web.Operations;

public sealed class OperationsOptions : IValidatableObject
{
    public const string Section = "Operations";

    /// <summary>How long a stop (SIGTERM, Ctrl+C) waits for in-flight fetches and clustering to finish.</summary>
    [Range(1, 600)]
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    public MetricsOptions Metrics { get; set; } = new();

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public HstsSettings Hsts { get; set; } = new();

    /// <summary>Send the security headers (CSP, nosniff, referrer and permissions policies, frame denial).</summary>
    public bool SecurityHeaders { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in ForwardedHeaders.KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"Operations:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
            }
        }

        foreach (var network in ForwardedHeaders.KnownNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"Operations:ForwardedHeaders:KnownNetworks: '{network}' is not a CIDR network like 10.0.0.0/8.");
            }
        }

        if (Metrics.Token is { Length: > 0 and < 16 })
        {
            yield return new ValidationResult("Operations:Metrics:Token must be at least 16 characters.");
        }
    }
}

public sealed class MetricsOptions
{
    /// <summary>Serve the Prometheus scrape endpoint. Off by default.</summary>
    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>When set, scrapers must send "Authorization: Bearer TOKEN"; when empty, only loopback clients may scrape.</summary>
    public string? Token { get; set; }
}

public sealed class ForwardedHeadersSettings
{
    /// <summary>Honour X-Forwarded-For/-Proto/-Host from trusted proxies (turn on behind nginx, Caddy, Traefik ...).</summary>
    public bool Enabled { get; set; }

    /// <summary>Proxy IP addresses to trust besides loopback.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks to trust, CIDR notation (e.g. "172.16.0.0/12" for a Docker network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Trust X-Forwarded-Host too; set it only when the proxy overwrites that header.</summary>
    public bool ForwardHost { get; set; }

    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;
}

public sealed class HstsSettings
{
    /// <summary>Strict-Transport-Security on HTTPS responses outside Development.</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 730)]
    public int MaxAgeDays { get; set; } = 365;

    public bool IncludeSubDomains { get; set; }

    public bool Preload { get; set; }
}
