namespace Aggregator.Web.Cli;

/// <summary>A verb of the command line; each capability registers its own in DI.</summary>
public interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for the help text, e.g. "import PATH...   ingest feed files, folders and OPML".</summary>
    string Usage { get; }

    /// <summary>Runs with the verb removed from <paramref name="args"/>; returns the process exit code.</summary>
    Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken);
}

public static class CommandLine
{
    /// <summary>The verb, when the first argument is one (not an option); null means "serve".</summary>
    public static string? FindVerb(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var verb = FindVerb(args);
        var commands = services.GetServices<ICliCommand>().ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        if (verb is null || verb is "help" || !commands.TryGetValue(verb, out var command))
        {
            if (verb is not null and not "help")
            {
                await error.WriteLineAsync($"Unknown command '{verb}'.");
            }

            await error.WriteLineAsync("Usage: Aggregator.Web [COMMAND] [ARGS]   (no command: serve the site)");
            foreach (var c in commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                await error.WriteLineAsync($"  {c.Usage}");
            }

            return verb is null or "help" ? 0 : 2;
        }

        return await command.RunAsync(services, args[1..], output, error, cancellationToken);
    }
}
