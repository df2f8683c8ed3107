using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// What the app logs through Serilog, past the same minimum levels as its console and file: register it as an
/// <see cref="ILogEventSink"/> service in a test host.
/// </summary>
internal sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();
    private readonly List<(Func<LogEvent, bool> Match, TaskCompletionSource<LogEvent> Found)> _waiting = [];

    public void Emit(LogEvent logEvent)
    {
        _events.Enqueue(logEvent);
        lock (_waiting)
        {
            foreach (var waiter in _waiting.Where(w => w.Match(logEvent)).ToList())
            {
                _waiting.Remove(waiter);
                waiter.Found.TrySetResult(logEvent);
            }
        }
    }

    /// <summary>The first event <paramref name="match"/> accepts, logged already or to come.</summary>
    public Task<LogEvent> FirstAsync(Func<LogEvent, bool> match)
    {
        var found = new TaskCompletionSource<LogEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiting)
        {
            if (_events.FirstOrDefault(match) is { } logged)
            {
                return Task.FromResult(logged);
            }

            _waiting.Add((match, found));
        }

        return found.Task;
    }

    /// <summary>Each event as one line: level, rendered message and the exception's type, if any.</summary>
    public IReadOnlyList<string> Lines(LogEventLevel atLeast = LogEventLevel.Verbose) =>
        [.. _events.Where(e => e.Level >= atLeast).Select(Line)];

    public static string Line(LogEvent e) =>
        $"[{e.Level}] {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}{(e.Exception is { } ex ? " " + ex.GetType().Name : "")}";
}
