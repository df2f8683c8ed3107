using System.Text.Json;
using System.Text.Json.Nodes;
using Aggregator.Web.Admin;

namespace Aggregator.Web.Pages.Admin;

/// <summary>An audit entry's stored before/after state as lines an editor reads: "topic abc headline: "Old" → "New"".</summary>
public static class AuditChanges
{
    public sealed record Line(string Subject, string Field, string Before, string After);

    public static IReadOnlyList<Line> Read(string? before, string? after)
    {
        var old = Parse(before);
        var now = Parse(after);
        var lines = new List<Line>();
        foreach (var (key, fields) in now)
        {
            if (fields is not JsonObject changed)
            {
                continue;
            }

            var previous = old[key] as JsonObject;
            foreach (var (field, value) in changed)
            {
                lines.Add(new Line(key.Replace(':', ' '), AuditLog.Humanize(field), Show(previous?[field], previous is null), Show(value, false)));
            }
        }

        return lines;
    }

    private static JsonObject Parse(string? json)
    {
        try
        {
            return string.IsNullOrEmpty(json) ? [] : JsonNode.Parse(json) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Show(JsonNode? value, bool unknown) => unknown ? "(not kept)" : value switch
    {
        null => "(none)",
        JsonValue v when v.TryGetValue<string>(out var text) => text.Length > 140 ? $"“{text[..140]}…”" : $"“{text}”",
        JsonValue v when v.TryGetValue<bool>(out var flag) => flag ? "yes" : "no",
        _ => value.ToJsonString(),
    };
}
