using System.Collections.Concurrent;

namespace Aggregator.Web.Admin;

/// <summary>
/// OPML imports run in the background: each feed is checked and audited like a hand-added source, and a list of
/// thousands of feeds on as many hosts waits on as many name lookups, longer than a request should. The page waits
/// briefly, so a short list still answers at once, and otherwise shows the import's progress until it is done.
/// </summary>
public sealed partial class OpmlImportJobs(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<OpmlImportJobs> logger)
{
    private const int KeptFinished = 20;
    private readonly ConcurrentDictionary<string, OpmlImportJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>How long the upload request waits for the import before it hands over to the progress page.</summary>
    public TimeSpan InlineWait { get; set; } = TimeSpan.FromSeconds(2);

    public async Task<OpmlImportJob> StartAsync(byte[] opml, string user)
    {
        foreach (var old in _jobs.Values.Where(j => j.IsFinished).OrderByDescending(j => j.StartedAt).Skip(KeptFinished))
        {
            _jobs.TryRemove(old.Id, out _);
        }

        var job = new OpmlImportJob(Guid.NewGuid().ToString("n"), DateTimeOffset.UtcNow);
        _jobs[job.Id] = job;
        var running = Task.Run(() => RunAsync(job, opml, user, lifetime.ApplicationStopping));
        await Task.WhenAny(running, Task.Delay(InlineWait));
        return job;
    }

    public OpmlImportJob? Find(string? id) => id is not null && _jobs.TryGetValue(id, out var job) ? job : null;

    private async Task RunAsync(OpmlImportJob job, byte[] opml, string user, CancellationToken stopping)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var stream = new MemoryStream(opml, writable: false);
            job.Result = await scope.ServiceProvider.GetRequiredService<SourceEditor>().ImportOpmlAsync(stream, user, stopping, job.Report);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Error = "The site stopped during the import. The sources added so far are kept; upload the file again to add the rest.";
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, job.Id);
            job.Error = "The import failed unexpectedly; the sources added so far are kept. The log has the details.";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "OPML import {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string jobId);
}

public sealed class OpmlImportJob(string id, DateTimeOffset startedAt)
{
    private int _done;
    private int _total;

    public string Id { get; } = id;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public int Done => Volatile.Read(ref _done);
    public int Total => Volatile.Read(ref _total);
    public OpmlImportResult? Result { get; internal set; }
    public string? Error { get; internal set; }
    public bool IsFinished => Result is not null || Error is not null;

    internal void Report(int done, int total)
    {
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _done, done);
    }
}
