using System.Net;
using Aggregator.Web.Operations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Admin;

/// <summary>
/// Sign-in cookies are Secure by default outside Development, so signing in needs HTTPS as the app sees it, except from
/// a browser on the server itself (see <see cref="IsLocalPlainHttp"/>). Over plain HTTP from anywhere else the sign-in
/// and newsroom pages explain what to configure instead of failing; at start, and when a proxy's headers arrive
/// unheeded, the log says the same.
/// </summary>
public static partial class SignInTransport
{
    private const string ForwardedSetting = "Operations:ForwardedHeaders:Enabled";
    private const string CookieSetting = "Admin:CookieSecurePolicy";

    public static WebApplication UseSignInTransportCheck(this WebApplication app)
    {
        var secureOnly = AdminSetup.SecurePolicy(app.Services.GetRequiredService<IOptions<AdminOptions>>().Value, app.Environment) == CookieSecurePolicy.Always;
        var forwarded = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value.ForwardedHeaders.Enabled;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInTransport));
        if (!app.Environment.IsDevelopment())
        {
            app.Lifetime.ApplicationStarted.Register(() => WarnAtStart(app.Services, logger, secureOnly, forwarded));
        }

        var proxyNoticed = 0;
        app.Use((context, next) =>
        {
            if (!forwarded && (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("X-Forwarded-Proto"))
                && Interlocked.Exchange(ref proxyNoticed, 1) == 0)
            {
                LogUnheededProxy(logger, ForwardedSetting);
            }

            if (!secureOnly || context.Request.IsHttps || !IsSignInPath(context.Request.Path) || IsLocalPlainHttp(context))
            {
                return next(context);
            }

            return WriteExplanationAsync(context);
        });
        return app;
    }

    /// <summary>
    /// A browser on the server itself talking to it directly: no one else can read this traffic, so plain HTTP may sign
    /// in (browsers treat localhost as a secure context too). A proxy on the same machine also connects from loopback,
    /// so the request must name a loopback host and carry no forwarding header: a proxy's visitors never qualify.
    /// </summary>
    public static bool IsLocalPlainHttp(HttpContext context)
    {
        var request = context.Request;
        if (request.IsHttps || context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return false;
        }

        var host = request.Host.Host;
        var loopbackHost = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return loopbackHost && !request.Headers.ContainsKey("X-Forwarded-For") && !request.Headers.ContainsKey("X-Forwarded-Proto")
            && !request.Headers.ContainsKey("X-Forwarded-Host") && !request.Headers.ContainsKey("Forwarded");
    }

    private static bool IsSignInPath(PathString path) =>
        path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase);

    private static void WarnAtStart(IServiceProvider services, ILogger logger, bool secureOnly, bool forwarded)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var servesHttps = addresses.Any(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase));
        if (secureOnly && !forwarded && !servesHttps && addresses.Count > 0)
        {
            LogPlainHttpOnly(logger, string.Join(", ", addresses), ForwardedSetting, CookieSetting);
        }

        // Listening on loopback only is how a site sits behind a proxy on the same machine.
        if (!forwarded && addresses.Count > 0 && addresses.All(IsLoopbackAddress))
        {
            LogSharedRateLimit(logger, ForwardedSetting);
        }
    }

    private static bool IsLoopbackAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    private static Task WriteExplanationAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Signing in needs HTTPS · Aggregator</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main id="main" class="wrap">
            <h1>Signing in needs HTTPS</h1>
            <p>This site reached the server over plain HTTP. Sign-in cookies are only ever sent over HTTPS, so the newsroom
            cannot be used from here. Whoever runs this site can fix it in one of three ways:</p>
            <ul>
            <li>Behind a reverse proxy that terminates TLS (nginx, Caddy, Traefik ...): set
            <code>{{ForwardedSetting}}=true</code> so the app sees the original HTTPS scheme (and list the proxy in
            <code>Operations:ForwardedHeaders:KnownProxies</code> unless it runs on the same machine).</li>
            <li>Without a proxy: give Kestrel an HTTPS endpoint (<code>--urls https://...</code> with a certificate).</li>
            <li>Only on a private network you trust: set <code>{{CookieSetting}}=SameAsRequest</code>.</li>
            </ul>
            <p>See the operations guide (<code>docs/operations.md</code>, "Running behind a reverse proxy").
            <a href="/">Back to the site</a>.</p>
            </main></body></html>
            """, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in needs HTTPS (except from a browser on this machine at localhost) but the site listens on plain HTTP only ({Addresses}) and does not trust a proxy's scheme: the sign-in and newsroom pages will explain this instead of working. Behind a TLS proxy set {ForwardedSetting}=true; or serve HTTPS; or, on a trusted network only, set {CookieSetting}=SameAsRequest")]
    private static partial void LogPlainHttpOnly(ILogger logger, string addresses, string forwardedSetting, string cookieSetting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site listens on loopback only, as behind a reverse proxy, but {ForwardedSetting} is false: every visitor shares the proxy's address, and so one sign-in rate-limit budget and one client IP in the logs. Set it to true when a proxy forwards the requests")]
    private static partial void LogSharedRateLimit(ILogger logger, string forwardedSetting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Requests carry X-Forwarded-For/-Proto but {ForwardedSetting} is false, so the proxy's scheme and client addresses are ignored: sign-in needs HTTPS, and every visitor shares one sign-in rate-limit budget")]
    private static partial void LogUnheededProxy(ILogger logger, string forwardedSetting);
}

/// <summary>
/// The sign-in, antiforgery and notice cookies: with <see cref="CookieSecurePolicy.Always"/> they are Secure on every
/// request but a local one over plain HTTP (<see cref="SignInTransport.IsLocalPlainHttp"/>). The builder itself reports
/// SameAsRequest then, since antiforgery refuses to run at all on plain HTTP under Always; this builder still marks the
/// cookie Secure.
/// </summary>
internal sealed class SignInCookieBuilder : RequestPathBaseCookieBuilder
{
    public SignInCookieBuilder(CookieSecurePolicy policy)
    {
        Policy = policy;
        SecurePolicy = policy == CookieSecurePolicy.Always ? CookieSecurePolicy.SameAsRequest : policy;
    }

    /// <summary>The policy configured (Admin:CookieSecurePolicy or the environment's default), as applied per request.</summary>
    public CookieSecurePolicy Policy { get; }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        if (Policy == CookieSecurePolicy.Always)
        {
            options.Secure = !SignInTransport.IsLocalPlainHttp(context);
        }

        return options;
    }
}
