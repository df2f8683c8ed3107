using System.Net;
using Aggregator.Web.Operations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Admin;

/// <summary>
/// Sign-in cookies are Secure by default outside Development, so signing in needs HTTPS as the app sees it. Over plain
/// HTTP the sign-in and newsroom pages explain what to configure instead of failing; at start, and when a proxy's
/// headers arrive unheeded, the log says the same.
/// </summary>
public static partial class SignInTransport
{
    private const string ForwardedSetting = "Operations:ForwardedHeaders:Enabled";
    private const string CookieSetting = "Admin:CookieSecurePolicy";

    public static WebApplication UseSignInTransportCheck(this WebApplication app)
    {
        var secureOnly = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy == CookieSecurePolicy.Always;
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

            if (!secureOnly || context.Request.IsHttps || !IsSignInPath(context.Request.Path))
            {
                return next(context);
            }

            return WriteExplanationAsync(context);
        });
        return app;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in needs HTTPS but the site listens on plain HTTP only ({Addresses}) and does not trust a proxy's scheme: the sign-in and newsroom pages will explain this instead of working. Behind a TLS proxy set {ForwardedSetting}=true; or serve HTTPS; or, on a trusted network only, set {CookieSetting}=SameAsRequest")]
    private static partial void LogPlainHttpOnly(ILogger logger, string addresses, string forwardedSetting, string cookieSetting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site listens on loopback only, as behind a reverse proxy, but {ForwardedSetting} is false: every visitor shares the proxy's address, and so one sign-in rate-limit budget and one client IP in the logs. Set it to true when a proxy forwards the requests")]
    private static partial void LogSharedRateLimit(ILogger logger, string forwardedSetting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Requests carry X-Forwarded-For/-Proto but {ForwardedSetting} is false, so the proxy's scheme and client addresses are ignored: sign-in needs HTTPS, and every visitor shares one sign-in rate-limit budget")]
    private static partial void LogUnheededProxy(ILogger logger, string forwardedSetting);
}
