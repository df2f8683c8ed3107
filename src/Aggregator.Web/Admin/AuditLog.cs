using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aggregator.Web.Clustering.Enrichment;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Admin;

/// <summary>
/// Records editor changes and undoes them. A change is a set of (entity, field) pairs; the audit entry keeps each
/// field's value before and after as JSON, so undo can check nothing changed since and put the old values back.
/// Only fields an editor owns are recorded (Editor*, flags, membership), never computed ones the clustering rewrites.
/// </summary>
public sealed class AuditLog(AppDbContext db, ITopicUpdater updater, TimeProvider clock, IServiceProvider services)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Starts recording a change; capture every field before modifying it.</summary>
    public Change Begin(string user, string action, string entityType, string entityId, string? reason) =>
        new(this, user, action, entityType, entityId, reason);

    public sealed class Change
    {
        private readonly AuditLog _log;
        private readonly List<(object Entity, string Field, JsonNode? Before)> _fields = [];
        private readonly HashSet<string> _topics = new(StringComparer.Ordinal);

        internal Change(AuditLog log, string user, string action, string entityType, string entityId, string? reason)
        {
            _log = log;
            Entry = new AuditEntry { User = user, Action = action, EntityType = entityType, EntityId = entityId, Reason = reason };
        }

        public AuditEntry Entry { get; }

        /// <summary>The entity the entry is about, when its key is only known once saved (a new source).</summary>
        public object? Subject { get; set; }

        /// <summary>When false the audit entry refuses undo (e.g. a source added: disable it instead).</summary>
        public bool Undoable { get; set; } = true;

        public Change Capture(object entity, params string[] fields)
        {
            foreach (var field in fields)
            {
                if (!_fields.Any(f => ReferenceEquals(f.Entity, entity) && f.Field == field))
                {
                    _fields.Add((entity, field, _log.Read(entity, field)));
                }
            }

            return this;
        }

        /// <summary>Topics whose membership or overrides change: recomputed and their effective fields refreshed.</summary>
        public Change Affects(params string?[] topicIds)
        {
            foreach (var id in topicIds)
            {
                if (id is not null)
                {
                    _topics.Add(id);
                }
            }

            return this;
        }

        public Task<AuditEntry> CommitAsync(CancellationToken cancellationToken) =>
            _log.CommitAsync(this, _fields.Select(f => (f.Entity, f.Field, f.Before)).ToList(), _topics, cancellationToken);
    }

    private async Task<AuditEntry> CommitAsync(Change change, List<(object Entity, string Field, JsonNode? Before)> fields, HashSet<string> topicIds, CancellationToken cancellationToken)
    {
        var entry = change.Entry;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Saved first so entities created by the change have their keys before they are named in the entry.
        await db.SaveChangesAsync(cancellationToken);
        var before = new JsonObject();
        var after = new JsonObject();
        foreach (var (entity, field, old) in fields)
        {
            var key = KeyOf(entity);
            var now = Read(entity, field);
            Slot(before, key)[field] = old?.DeepClone();
            Slot(after, key)[field] = now;
            if (entity is Article && field == nameof(Article.TopicId))
            {
                foreach (var value in new[] { old, now })
                {
                    if (value is not null)
                    {
                        topicIds.Add(value.GetValue<string>());
                    }
                }
            }

            if (entity is Topic topic)
            {
                topicIds.Add(topic.Id);
            }
        }

        if (change.Subject is not null)
        {
            entry.EntityId = SplitKey(KeyOf(change.Subject)).Id;
        }

        entry.At = clock.GetUtcNow();
        entry.Before = change.Undoable ? before.ToJsonString(Json) : null;
        entry.After = after.ToJsonString(Json);

        var topics = await db.Topics.Where(t => topicIds.Contains(t.Id)).ToListAsync(cancellationToken);
        foreach (var topic in topics)
        {
            // A new version even when no field of its own changed (articles left or joined it): a change someone else
            // based on the old membership is then refused rather than applied to what it no longer describes.
            topic.Version++;
            topic.UpdatedAt = entry.At;
            topic.ApplyEditorOverrides();
        }

        await db.SaveChangesAsync(cancellationToken);
        var live = topics.Where(t => t.MergedIntoId is null).Select(t => t.Id).ToList();
        if (live.Count > 0)
        {
            await updater.RecomputeAsync(db, live, cancellationToken);
            foreach (var topic in topics)
            {
                topic.ApplyEditorOverrides();
            }
        }

        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await EvictAsync(entry.EntityType == "source" ? CacheTags.Sources : CacheTags.Topics, cancellationToken);
        return entry;
    }

    /// <summary>
    /// Stores many new entities of one kind in one transaction with an entry each, as a <see cref="Change"/> that
    /// captured their fields with <see cref="Change.Undoable"/> false would record them one by one.
    /// </summary>
    public async Task RecordAddedAsync(string user, string action, IReadOnlyList<object> entities, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var at = clock.GetUtcNow();
        foreach (var entity in entities)
        {
            var key = KeyOf(entity);
            var after = new JsonObject();
            foreach (var field in fields)
            {
                Slot(after, key)[field] = Read(entity, field);
            }

            var (type, id) = SplitKey(key);
            db.AuditEntries.Add(new AuditEntry { User = user, Action = action, EntityType = type, EntityId = id, At = at, After = after.ToJsonString(Json) });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (entities.Count > 0)
        {
            await EvictAsync(SplitKey(KeyOf(entities[0])).Type == "source" ? CacheTags.Sources : CacheTags.Topics, cancellationToken);
        }
    }

    private async Task EvictAsync(string tag, CancellationToken cancellationToken)
    {
        if (services.GetService<IOutputCacheStore>() is { } cache)
        {
            await cache.EvictByTagAsync(CacheTags.Topics, cancellationToken);
            if (tag != CacheTags.Topics)
            {
                await cache.EvictByTagAsync(tag, cancellationToken);
            }
        }
    }

    /// <summary>Undoes an entry; returns null on success or the reason it was refused.</summary>
    public async Task<string?> UndoAsync(long entryId, string user, CancellationToken cancellationToken)
    {
        var entry = await db.AuditEntries.FirstOrDefaultAsync(a => a.Id == entryId, cancellationToken);
        if (entry is null)
        {
            return $"There is no audit entry #{entryId}.";
        }

        if (entry.UndoneAt is not null)
        {
            return $"Entry #{entry.Id} was already undone by {entry.UndoneBy} at {entry.UndoneAt:yyyy-MM-dd HH:mm} UTC.";
        }

        if (entry.Before is null || entry.After is null)
        {
            return entry.Action.StartsWith("source.", StringComparison.Ordinal)
                ? $"Entry #{entry.Id} ({entry.Action}) cannot be undone; disable the source instead."
                : $"Entry #{entry.Id} ({entry.Action}) cannot be undone.";
        }

        var before = JsonNode.Parse(entry.Before)!.AsObject();
        var after = JsonNode.Parse(entry.After)!.AsObject();
        var conflicts = new List<string>();
        var targets = new List<(object Entity, string Field, JsonNode? Value)>();
        foreach (var (key, fieldsNode) in after)
        {
            var entity = await FindAsync(key, cancellationToken);
            if (entity is null)
            {
                return $"Entry #{entry.Id} cannot be undone: {Describe(key)} no longer exists.";
            }

            foreach (var (field, expected) in fieldsNode!.AsObject())
            {
                var current = Read(entity, field);
                if (!JsonNode.DeepEquals(current, expected))
                {
                    conflicts.Add($"{Describe(key)} {Humanize(field)}");
                }

                targets.Add((entity, field, before[key]?[field]));
            }
        }

        if (conflicts.Count > 0)
        {
            var later = await db.AuditEntries.AsNoTracking()
                .Where(a => a.Id > entry.Id && a.UndoneAt == null && a.Action != "undo")
                .Where(a => a.EntityId == entry.EntityId || (a.After != null && a.After.Contains(entry.EntityId)))
                .OrderByDescending(a => a.Id).Select(a => a.Id).Take(5).ToListAsync(cancellationToken);
            var hint = later.Count > 0 ? $" Undo the later change{(later.Count > 1 ? "s" : "")} first: {string.Join(", ", later.Select(id => "#" + id))}." : "";
            return $"Entry #{entry.Id} cannot be undone: a later change modified {string.Join("; ", conflicts)}, and undoing would overwrite it.{hint}";
        }

        var undo = Begin(user, "undo", entry.EntityType, entry.EntityId, $"Undo of #{entry.Id} ({entry.Action})");
        foreach (var (entity, field, value) in targets)
        {
            undo.Capture(entity, field);
            Write(entity, field, value);
        }

        entry.UndoneAt = clock.GetUtcNow();
        entry.UndoneBy = user;
        try
        {
            await undo.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return $"Entry #{entry.Id} was not undone: {TopicEditor.Conflict}";
        }

        return null;
    }

    private static string Describe(string key)
    {
        var (type, id) = SplitKey(key);
        return $"{type} {id}";
    }

    internal static string Humanize(string field) => field switch
    {
        nameof(Topic.EditorImportance) => "importance",
        nameof(Topic.EditorLeadArticleId) => "lead article",
        nameof(Topic.EditorHeadline) => "headline",
        nameof(Topic.EditorDek) => "dek",
        nameof(Topic.EditorSummary) => "summary",
        nameof(Topic.IsPinned) => "pin",
        nameof(Topic.IsHidden) => "visibility",
        nameof(Topic.MergedIntoId) => "merge state",
        nameof(Article.TopicId) => "topic",
        _ => field,
    };

    private static JsonObject Slot(JsonObject root, string key)
    {
        if (root[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        root[key] = created;
        return created;
    }

    private static string KeyOf(object entity) => entity switch
    {
        Topic t => "topic:" + t.Id,
        Article a => "article:" + a.Id.ToString(CultureInfo.InvariantCulture),
        Source s => "source:" + s.Id.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"{entity.GetType().Name} is not audited.", nameof(entity)),
    };

    private static (string Type, string Id) SplitKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return (key[..colon], key[(colon + 1)..]);
    }

    private async Task<object?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var (type, id) = SplitKey(key);
        return type switch
        {
            "topic" => await db.Topics.FirstOrDefaultAsync(t => t.Id == id, cancellationToken),
            "article" => await db.Articles.FirstOrDefaultAsync(a => a.Id == long.Parse(id, CultureInfo.InvariantCulture), cancellationToken),
            "source" => await db.Sources.FirstOrDefaultAsync(s => s.Id == int.Parse(id, CultureInfo.InvariantCulture), cancellationToken),
            _ => null,
        };
    }

    private JsonNode? Read(object entity, string field)
    {
        var property = db.Entry(entity).Property(field);
        return JsonSerializer.SerializeToNode(property.CurrentValue, property.Metadata.ClrType, Json);
    }

    private void Write(object entity, string field, JsonNode? value)
    {
        var property = db.Entry(entity).Property(field);
        property.CurrentValue = value?.Deserialize(property.Metadata.ClrType, Json);
    }
}
