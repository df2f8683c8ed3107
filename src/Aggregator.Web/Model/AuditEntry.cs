namespace Aggregator.Web.Model;

/// <summary>One editor change: who, when, what, before, after, why; undoable from the audit log.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string User { get; set; }

    /// <summary>e.g. "topic.importance", "topic.merge", "source.disable".</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }

    /// <summary>JSON snapshots of what changed.</summary>
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Reason { get; set; }

    public DateTimeOffset? UndoneAt { get; set; }
    public string? UndoneBy { get; set; }
}
