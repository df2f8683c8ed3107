using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>The app (workers off, intranet feeds allowed, short timeouts, 1 MB cap) plus a hostile loopback host.</summary>
public sealed class FetchingFixture : IAsyncLifetime
{
    public const long MaxResponseBytes = 1024 * 1024;

    public FetchingFixture()
    {
        App = new FetchingAppFactory();
        App.Settings["Ingestion:AllowPrivateAddresses"] = "true";
        App.Settings["Ingestion:RequestTimeout"] = "00:00:03";
        App.Settings["Ingestion:AttemptTimeout"] = "00:00:02";
        App.Settings["Ingestion:MaxRetries"] = "1";
        App.Settings["Ingestion:RetryDelay"] = "00:00:00.050";
        App.Settings["Ingestion:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        App.Settings["Ingestion:MaxRedirects"] = "5";
    }

    public FetchingAppFactory App { get; }

    public HostileHost Host { get; private set; } = null!;

    public PollingPolicy Policy => App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestionOptions>>().Value.PollingPolicy;

    public async Task InitializeAsync()
    {
        Host = await HostileHost.StartAsync();
        Host.Now = () => App.Clock.GetUtcNow();
        _ = App.Services;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await App.DisposeAsync();
    }

    public async Task<Source> AddSourceAsync(string pathAndQuery, Action<Source>? configure = null)
    {
        var slug = "s-" + Guid.NewGuid().ToString("n")[..12];
        var source = new Source { Name = slug, Slug = slug, FeedUrl = Host.Url(pathAndQuery).AbsoluteUri, CreatedAt = App.Clock.GetUtcNow() };
        configure?.Invoke(source);
        await App.WithDbAsync(async db =>
        {
            db.Sources.Add(source);
            await db.SaveChangesAsync();
        });
        return source;
    }

    public async Task<Source> ReloadAsync(int sourceId)
    {
        await using var scope = App.CreateScope(out var db);
        return await db.Sources.AsNoTracking().SingleAsync(s => s.Id == sourceId);
    }

    /// <summary>Refreshes the sources at once, each in its own scope, as the worker pool does.</summary>
    public async Task<RefreshOutcome?[]> RefreshAsync(params Source[] sources) =>
        await Task.WhenAll(sources.Select(async source =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<FeedRefresher>().RefreshAsync(source.Id, CancellationToken.None);
        }));
}

public sealed class FetchingAppFactory : AppFactory
{
    public RecordingFeedPipeline Pipeline { get; } = new();

    /// <summary>Extra registrations for one test (e.g. a start-up seeder); set before the app starts.</summary>
    public Action<IServiceCollection>? ExtraServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IFeedPipeline>();
            services.AddScoped<IFeedPipeline>(_ => Pipeline);
            ExtraServices?.Invoke(services);
        });
    }
}
