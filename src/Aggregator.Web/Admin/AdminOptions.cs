using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Web.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>On first start, when no account exists yet, an Admin is created from these two; never set in the repo.</summary>
    [EmailAddress]
    public string? BootstrapEmail { get; set; }

    public string? BootstrapPassword { get; set; }

    [Range(12, 128)]
    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>Failed passwords in a row before the account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in form posts allowed per client IP address per window.</summary>
    [Range(1, 10_000)]
    public int SignInPermitLimit { get; set; } = 10;

    [Range(1, 3600)]
    public int SignInWindowSeconds { get; set; } = 60;

    [Range(1, 24 * 30)]
    public int SessionHours { get; set; } = 8;

    /// <summary>
    /// Null: cookies are Secure-only, except in Development and Testing. Set SameAsRequest only behind a proxy
    /// that terminates TLS without forwarding the scheme.
    /// </summary>
    public CookieSecurePolicy? CookieSecurePolicy { get; set; }
}

/// <summary>The feed-URL rule of ingestion, read here so admin refuses what the fetcher would refuse.</summary>
public sealed class SourceAddressOptions
{
    public const string Section = "Ingestion";

    /// <summary>Allow feeds on loopback or private networks (intranet installs, tests).</summary>
    public bool AllowPrivateAddresses { get; set; }
}

public static class AdminRoles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";

    public static readonly IReadOnlyList<string> All = [Admin, Editor];

    /// <summary>Policy: any signed-in newsroom account (Admin or Editor).</summary>
    public const string NewsroomPolicy = "Newsroom";

    /// <summary>Policy: administrators only (sources and ingestion).</summary>
    public const string AdminPolicy = "AdminOnly";

    public const string SignInRateLimit = "sign-in";
}
