using Aggregator.Web.Data;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Ingestion;

/// <summary>
/// The per-host cap across processes: on PostgreSQL, where several fetching processes may share the database, a
/// request to a host also holds one of its Ingestion:MaxConcurrentFetchesPerHost slots there (a lease row
/// <c>host:NAME:N</c>, <see cref="Leases"/>), so a host is not hit harder because there are more processes. A slot
/// left by a process that died runs out after the request timeout. On SQLite the in-process cap
/// (<see cref="HostConcurrencyLimiter"/>) is the whole cap.
/// </summary>
public sealed class SharedHostSlots(IServiceScopeFactory scopes, DatabaseLocation database, IOptions<IngestionOptions> options, TimeProvider time)
{
    // How long to wait before looking for a free slot again: another process's fetch takes about this long or more.
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);

    private readonly string _process = Leases.NewHolder();
    private long _takes;

    public async Task<IAsyncDisposable> TakeAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres)
        {
            return NoSlot.Instance;
        }

        var settings = options.Value;
        var host = url.IdnHost.ToLowerInvariant();
        var holder = $"{_process}/{Interlocked.Increment(ref _takes)}";
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                for (var slot = 0; slot < settings.MaxConcurrentFetchesPerHost; slot++)
                {
                    var name = $"host:{host}:{slot}";
                    if (await Leases.TryTakeAsync(db, name, holder, time.GetUtcNow(), settings.RequestTimeout, cancellationToken))
                    {
                        return new Slot(scopes, name, holder);
                    }
                }
            }

            // Real time, not the app's clock: this waits for another process's request to end, not for a schedule.
            await Task.Delay(Retry, cancellationToken);
        }
    }

    private sealed class Slot(IServiceScopeFactory scopes, string name, string holder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var scope = scopes.CreateAsyncScope();
            // Not the fetch's token: a cancelled fetch gives its slot back all the same.
            await Leases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), name, holder, CancellationToken.None);
        }
    }

    private sealed class NoSlot : IAsyncDisposable
    {
        public static NoSlot Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
