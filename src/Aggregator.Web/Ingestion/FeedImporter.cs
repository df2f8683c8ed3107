using System.Globalization;
using System.Xml;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Aggregator.Web.Text;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Ingestion;

public sealed record ImportError(string Path, string Message);

public sealed record ImportSummary(int Files, int Items, int Added, int Updated, int Unchanged, int SourcesCreated, IReadOnlyList<ImportError> Errors)
{
    /// <summary>Stopwatch ticks spent in each stage, summed over bodies (parse and normalise run in parallel).</summary>
    public long ParseTicks { get; init; }
    public long NormalizeTicks { get; init; }
    public long StoreTicks { get; init; }

    /// <summary>Stopwatch ticks the writer spent waiting for the next body to be prepared.</summary>
    public long WaitTicks { get; init; }
}

/// <summary>
/// Imports feed files, folders and OPML through the same pipeline as live fetching. In a folder, each file directly
/// inside is its own source and each subfolder is one source whose files, in name order, are successive fetches.
/// Folders and files match existing sources by slug. One broken file never stops the others.
/// </summary>
public sealed partial class FeedImporter(AppDbContext db, FeedPipeline pipeline, TimeProvider time, ILogger<FeedImporter> logger)
{
    private static readonly XmlReaderSettings OpmlSettings = new() { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };

    private const int BodiesPerTransaction = 32;
    private const int ItemsPerTransaction = 2_000;

    // 64 MB of 4 KB pages: more than a large import writes, and a bound should one write more.
    private const int ImportCheckpointPages = 16_384;

    private sealed record Job(string SlugHint, IReadOnlyList<string> Files);

    private sealed record Unit(Job Job, string File, int Index);

    public async Task<ImportSummary> ImportAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        // One connection for the whole import, which checkpoints the WAL once at the end rather than every 4 MB: each
        // checkpoint waits for two fsyncs on the writer's path and copies again every page that later batches
        // rewrite. Commits stay as durable as ever (synchronous=NORMAL: a crash loses no committed batch; a power
        // cut may lose the last ones, which a re-import restores without duplicates). The setting belongs to this
        // connection only and goes back before it returns to the pool.
        if (!db.Database.IsSqlite())
        {
            return await ImportCoreAsync(paths, cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var autoCheckpoint = Convert.ToInt64(await ScalarAsync(connection, "PRAGMA wal_autocheckpoint", cancellationToken), CultureInfo.InvariantCulture);
        try
        {
            await ScalarAsync(connection, $"PRAGMA wal_autocheckpoint={ImportCheckpointPages}", cancellationToken);
            var summary = await ImportCoreAsync(paths, cancellationToken);
            await ScalarAsync(connection, "PRAGMA wal_checkpoint(PASSIVE)", cancellationToken);
            return summary;
        }
        finally
        {
            await ScalarAsync(connection, $"PRAGMA wal_autocheckpoint={autoCheckpoint}", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task<ImportSummary> ImportCoreAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var jobs = new List<Job>();
        var opmlFiles = new List<string>();
        var slugs = (await db.Sources.Select(s => s.Slug).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var fullPath = Path.GetFullPath(path.TrimEnd('/', '\\'));
            if (Directory.Exists(fullPath) && slugs.Contains(Path.GetFileName(fullPath)) && Directory.GetDirectories(fullPath).Length == 0)
            {
                // A folder named after a known source (e.g. one demo snapshot folder) holds that source's fetches.
                jobs.Add(new Job(Path.GetFileName(fullPath), Directory.GetFiles(fullPath).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()));
                continue;
            }

            Plan(fullPath, jobs, opmlFiles, errors);
        }

        var tally = new Tally();
        foreach (var opml in opmlFiles)
        {
            tally.Files++;
            try
            {
                tally.SourcesCreated += await ImportOpmlAsync(opml, cancellationToken);
            }
            catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
            {
                errors.Add(new ImportError(opml, $"Not a readable OPML file: {ex.Message}"));
            }
        }

        var units = jobs.SelectMany(j => j.Files.Select((f, i) => new Unit(j, f, i))).ToList();
        await using var preparing = new Preparation(this, units, cancellationToken);
        Source? current = null;
        Job? currentJob = null;
        // Successive bodies share a write transaction (each body its own savepoint inside it), across sources: a
        // commit per body, or per source, would cost more than storing their items, and the search index takes each
        // commit's new articles as one segment, so fewer commits also leave it fewer segments to merge. Batches stay
        // short so live fetches are not blocked for long.
        FeedPipeline.StoreBatch? batch = null;
        var batched = 0;
        var batchedItems = 0;
        try
        {
            for (var index = 0; index < units.Count; index++)
            {
                var done = units[index];
                var prepared = await preparing.TakeAsync(index);
                tally.Files++;
                tally.ParseTicks += prepared.ParseTicks;
                tally.NormalizeTicks += prepared.NormalizeTicks;
                if (!ReferenceEquals(done.Job, currentJob))
                {
                    currentJob = done.Job;
                    current = await FindSourceAsync(done.Job.SlugHint, cancellationToken);
                }

                if (prepared.Error is not null)
                {
                    errors.Add(new ImportError(done.File, prepared.Error));
                    continue;
                }

                if (current is null)
                {
                    (current, var created) = await FindOrCreateSourceAsync(done, prepared.Feed!, cancellationToken);
                    tally.SourcesCreated += created ? 1 : 0;
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                if (batch is null)
                {
                    batch = await pipeline.BeginBatchAsync(cancellationToken);
                    batched = 0;
                    batchedItems = 0;
                }

                var result = await batch.StoreAsync(current, prepared, cancellationToken);
                batchedItems += prepared.Articles.Count;
                if (++batched >= BodiesPerTransaction || batchedItems >= ItemsPerTransaction)
                {
                    await CommitAsync(batch, cancellationToken);
                    batch = null;
                }

                tally.StoreTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
                if (!result.Succeeded)
                {
                    errors.Add(new ImportError(done.File, result.Error!));
                    continue;
                }

                tally.Items += result.Items;
                tally.Added += result.Added;
                tally.Updated += result.Updated;
                tally.Unchanged += result.Unchanged;
            }

            await CommitAsync(batch, cancellationToken);
            batch = null;
        }
        finally
        {
            if (batch is not null)
            {
                await batch.DisposeAsync();
            }
        }

        tally.WaitTicks = preparing.WaitTicks;
        return new ImportSummary(tally.Files, tally.Items, tally.Added, tally.Updated, tally.Unchanged, tally.SourcesCreated, errors)
        {
            ParseTicks = tally.ParseTicks,
            NormalizeTicks = tally.NormalizeTicks,
            StoreTicks = tally.StoreTicks,
            WaitTicks = tally.WaitTicks,
        };
    }

    private static async Task CommitAsync(FeedPipeline.StoreBatch? batch, CancellationToken cancellationToken)
    {
        if (batch is not null)
        {
            await batch.CommitAsync(cancellationToken);
            await batch.DisposeAsync();
        }
    }

    /// <summary>
    /// Parses and normalises the files ahead of the writer, in order, on dedicated threads: the work is pure CPU and
    /// long, so it stays off the thread pool, whose idle workers would spin at every hand-over. Storing is the one
    /// serial stage (SQLite has one writer), so preparing leaves it a core of its own when there are two or more; a
    /// window of prepared bodies keeps that core busy through a run of small files.
    /// </summary>
    private sealed class Preparation : IAsyncDisposable
    {
        private const int Window = 64;

        private readonly FeedImporter _importer;
        private readonly IReadOnlyList<Unit> _units;
        private readonly TaskCompletionSource<PreparedFeed>[] _slots;
        private readonly SemaphoreSlim _window;
        private readonly CancellationTokenSource _stop;
        private readonly Task[] _workers;
        private int _next = -1;

        public Preparation(FeedImporter importer, IReadOnlyList<Unit> units, CancellationToken cancellationToken)
        {
            _importer = importer;
            _units = units;
            // Continuations run on the pool, never inline on a preparing thread, which would then stop preparing.
            _slots = [.. units.Select(_ => new TaskCompletionSource<PreparedFeed>(TaskCreationOptions.RunContinuationsAsynchronously))];
            _window = new SemaphoreSlim(Window);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var workers = units.Count == 0 ? 0 : Math.Clamp(Environment.ProcessorCount - 1, 1, units.Count);
            _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        }

        public long WaitTicks { get; private set; }

        /// <summary>The prepared body of unit <paramref name="index"/>; units must be taken in order.</summary>
        public async Task<PreparedFeed> TakeAsync(int index)
        {
            var slot = _slots[index].Task;
            if (!slot.IsCompleted)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                // Rather than idle, the writer prepares the next body nobody has claimed: when preparing is the slower
                // stage, every core then prepares. Its own body may finish meanwhile; it is stored right after.
                while (!slot.IsCompleted && _window.Wait(0))
                {
                    if (!PrepareNext())
                    {
                        break;
                    }
                }

                await slot.WaitAsync(_stop.Token);
                WaitTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
            }

            _window.Release();
            return await slot;
        }

        private void Work()
        {
            try
            {
                do
                {
                    _window.Wait(_stop.Token);
                }
                while (PrepareNext());
            }
            catch (OperationCanceledException)
            {
                // The import stopped; nobody waits for the rest.
            }
        }

        /// <summary>Claims the next unit and prepares it, holding a window place already taken; false when none is left.</summary>
        private bool PrepareNext()
        {
            var index = Interlocked.Increment(ref _next);
            if (index >= _units.Count)
            {
                _window.Release();
                return false;
            }

            try
            {
                _slots[index].SetResult(_importer.Prepare(_units[index].File));
            }
            catch (Exception ex)
            {
                _slots[index].SetException(ex);
            }

            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_workers);
            _stop.Dispose();
            _window.Dispose();
        }
    }

    private PreparedFeed Prepare(string file)
    {
        try
        {
            return pipeline.Prepare(File.ReadAllBytes(file), null, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PreparedFeed { Error = $"Cannot read the file: {ex.Message}" };
        }
    }

    private static void Plan(string path, List<Job> jobs, List<string> opmlFiles, List<ImportError> errors)
    {
        if (File.Exists(path))
        {
            AddFile(path, jobs, opmlFiles);
        }
        else if (Directory.Exists(path))
        {
            foreach (var file in Directory.GetFiles(path).Order(StringComparer.Ordinal))
            {
                if (!Path.GetFileName(file).StartsWith('.'))
                {
                    AddFile(file, jobs, opmlFiles);
                }
            }

            foreach (var folder in Directory.GetDirectories(path).Order(StringComparer.Ordinal))
            {
                var files = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
                if (files.Count > 0)
                {
                    jobs.Add(new Job(Path.GetFileName(folder), files));
                }
            }
        }
        else
        {
            errors.Add(new ImportError(path, "No such file or folder."));
        }
    }

    private static void AddFile(string file, List<Job> jobs, List<string> opmlFiles)
    {
        if (IsOpml(file))
        {
            opmlFiles.Add(file);
        }
        else
        {
            jobs.Add(new Job(Path.GetFileNameWithoutExtension(file), [file]));
        }
    }

    private static bool IsOpml(string file)
    {
        if (file.EndsWith(".opml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            using var stream = File.OpenRead(file);
            var head = new byte[512];
            var read = stream.Read(head, 0, head.Length);
            return System.Text.Encoding.UTF8.GetString(head, 0, read).Contains("<opml", StringComparison.OrdinalIgnoreCase);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<Source?> FindSourceAsync(string slugHint, CancellationToken cancellationToken)
    {
        var slug = Slug.From(slugHint, "source");
        return await db.Sources.FirstOrDefaultAsync(s => s.Slug == slug || s.Slug == slugHint, cancellationToken);
    }

    private async Task<(Source Source, bool Created)> FindOrCreateSourceAsync(Unit unit, ParsedFeed feed, CancellationToken cancellationToken)
    {
        var feedUrl = feed.SelfUrl is { } self && Uri.TryCreate(self, UriKind.Absolute, out var selfUri) && selfUri.Scheme is "http" or "https"
            ? selfUri.AbsoluteUri
            : new Uri(unit.Job.Files.Count > 1 ? Path.GetDirectoryName(unit.File)! + Path.DirectorySeparatorChar : unit.File).AbsoluteUri;
        var existing = await db.Sources.FirstOrDefaultAsync(s => s.FeedUrl == feedUrl, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }

        var name = feed.Title ?? unit.Job.SlugHint;
        var source = new Source
        {
            Name = name.Length > 200 ? name[..200] : name,
            Slug = await UniqueSlugAsync(Slug.From(name, "source"), cancellationToken),
            FeedUrl = feedUrl,
            SiteUrl = feed.SiteUrl,
            Kind = SourceKind.Reporting,
            Tier = 3,
            // A file on disk is imported, not polled: scheduled, it would only fail at every check.
            Enabled = !feedUrl.StartsWith(Uri.UriSchemeFile + ":", StringComparison.Ordinal),
            CreatedAt = time.GetUtcNow(),
        };
        db.Sources.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        LogSourceCreated(logger, source.Slug, unit.File);
        return (source, true);
    }

    private async Task<string> UniqueSlugAsync(string slug, CancellationToken cancellationToken)
    {
        var candidate = slug;
        for (var n = 2; await db.Sources.AnyAsync(s => s.Slug == candidate, cancellationToken); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }

    /// <summary>Adds a source per outline with an xmlUrl that is not tracked yet; returns how many were added.</summary>
    private async Task<int> ImportOpmlAsync(string file, CancellationToken cancellationToken)
    {
        var created = 0;
        using var reader = XmlReader.Create(file, OpmlSettings);
        var categories = new Stack<string?>();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "outline")
            {
                categories.TryPop(out _);
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "outline")
            {
                continue;
            }

            var xmlUrl = reader.GetAttribute("xmlUrl")?.Trim();
            var title = reader.GetAttribute("title") ?? reader.GetAttribute("text");
            var category = categories.Count > 0 ? categories.Peek() : null;
            if (!reader.IsEmptyElement)
            {
                categories.Push(string.IsNullOrEmpty(xmlUrl) ? title : category);
            }

            if (string.IsNullOrEmpty(xmlUrl) || !Uri.TryCreate(xmlUrl, UriKind.Absolute, out var feedUri) || feedUri.Scheme is not ("http" or "https"))
            {
                continue;
            }

            var feedUrl = feedUri.AbsoluteUri;
            if (await db.Sources.AnyAsync(s => s.FeedUrl == feedUrl || s.FeedUrl == xmlUrl, cancellationToken))
            {
                continue;
            }

            var name = string.IsNullOrWhiteSpace(title) ? feedUri.Host : title.Trim();
            db.Sources.Add(new Source
            {
                Name = name.Length > 200 ? name[..200] : name,
                Slug = await UniqueSlugAsync(Slug.From(name, "source"), cancellationToken),
                FeedUrl = feedUrl,
                SiteUrl = reader.GetAttribute("htmlUrl"),
                Category = category,
                Kind = SourceKind.Reporting,
                Tier = 3,
                CreatedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
            created++;
        }

        return created;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created source {SourceSlug} for {File}")]
    private static partial void LogSourceCreated(ILogger logger, string sourceSlug, string file);

    private sealed class Tally
    {
        public int Files;
        public int Items;
        public int Added;
        public int Updated;
        public int Unchanged;
        public int SourcesCreated;
        public long ParseTicks;
        public long NormalizeTicks;
        public long StoreTicks;
        public long WaitTicks;
    }
}
