using System.Net;
using Aggregator.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Operations;

/// <summary>
/// The test server has no network peer; this plays one. A request's "X-Test-Peer" header becomes its remote address,
/// set before any of the app's own middleware runs, as Kestrel would.
/// </summary>
internal static class RemoteAddress
{
    public const string Header = "X-Test-Peer";

    public static WebApplicationFactory<Program> WithPeerHeader(this AppFactory factory) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerFilter>()));

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
