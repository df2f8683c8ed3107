using Aggregator.Web.Operations;
using Aggregator.Web.Pages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Data;

/// <summary>
/// Output-cache eviction that reaches every process of the site. Each process keeps its own cache in memory; an
/// eviction here (a clustering batch, an editor's change) also counts up the tag's stamp in the database
/// (<see cref="Model.CacheStamp"/>), and every web process reads the stamps every Reader:CacheSyncInterval and evicts
/// the tags whose stamp moved, so a page reflects a change made by any process within that interval.
/// </summary>
internal sealed class SharedOutputCacheStore(IOutputCacheStore local, CacheStampVersions seen, IServiceScopeFactory scopes, ILogger<SharedOutputCacheStore> logger) : IOutputCacheStore
{
    public IOutputCacheStore Local => local;

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        await local.EvictByTagAsync(tag, cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var version = await db.Database.SqlQuery<long>($"""
                INSERT INTO "CacheStamps" ("Tag", "Version") VALUES ({tag}, 1)
                ON CONFLICT ("Tag") DO UPDATE SET "Version" = "CacheStamps"."Version" + 1
                RETURNING "Version" AS "Value"
                """).ToListAsync(cancellationToken);
            seen.Saw(tag, version[0]);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // This process's pages are fresh already; the others catch up when their entries expire.
            logger.LogWarning(ex, "Could not tell the other processes to evict cached pages tagged {Tag}", tag);
        }
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => local.GetAsync(key, cancellationToken);

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        local.SetAsync(key, value, tags, validFor, cancellationToken);
}

/// <summary>The stamp of each tag as this process last acted on it.</summary>
internal sealed class CacheStampVersions
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    public void Saw(string tag, long version)
    {
        lock (_versions)
        {
            if (!_versions.TryGetValue(tag, out var known) || known < version)
            {
                _versions[tag] = version;
            }
        }
    }

    /// <summary>Whether <paramref name="version"/> is news for <paramref name="tag"/> (a tag not seen before is); remembered.</summary>
    public bool IsNew(string tag, long version)
    {
        lock (_versions)
        {
            if (_versions.TryGetValue(tag, out var known) && known >= version)
            {
                return false;
            }

            _versions[tag] = version;
            return true;
        }
    }
}

/// <summary>Reads the stamps and evicts, in this process's own cache, what another process changed.</summary>
internal sealed class CacheStampWatcher(
    IServiceScopeFactory scopes,
    IOutputCacheStore store,
    CacheStampVersions seen,
    ProcessRoles roles,
    IOptions<ReaderOptions> options,
    TimeProvider clock,
    ILogger<CacheStampWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!roles.Web)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(stoppingToken);
                await Task.Delay(options.Value.CacheSyncInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Reading the cache stamps failed; retrying in {Interval}", options.Value.CacheSyncInterval);
                try
                {
                    await Task.Delay(options.Value.CacheSyncInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Evicts the tags whose stamp moved since this process last looked; returns them.</summary>
    internal async Task<List<string>> SyncAsync(CancellationToken cancellationToken)
    {
        List<Model.CacheStamp> stamps;
        await using (var scope = scopes.CreateAsyncScope())
        {
            stamps = await scope.ServiceProvider.GetRequiredService<AppDbContext>().CacheStamps.AsNoTracking().ToListAsync(cancellationToken);
        }

        var evicted = new List<string>();
        foreach (var stamp in stamps.Where(s => seen.IsNew(s.Tag, s.Version)))
        {
            // The local store: counting the stamp up again would have every process evict for ever.
            await (store is SharedOutputCacheStore shared ? shared.Local : store).EvictByTagAsync(stamp.Tag, cancellationToken);
            evicted.Add(stamp.Tag);
        }

        return evicted;
    }
}

public static class SharedOutputCacheSetup
{
    /// <summary>Wraps the output-cache store registered by AddOutputCache; call after it.</summary>
    public static IServiceCollection AddSharedOutputCache(this IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.RemoveAll<IOutputCacheStore>();
        services.AddSingleton<CacheStampVersions>();
        services.AddSingleton<IOutputCacheStore>(sp => new SharedOutputCacheStore(Create(sp, registered), sp.GetRequiredService<CacheStampVersions>(),
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<ILogger<SharedOutputCacheStore>>()));
        services.AddHostedService<CacheStampWatcher>();
        return services;
    }

    private static IOutputCacheStore Create(IServiceProvider services, ServiceDescriptor registered) =>
        (IOutputCacheStore)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}
