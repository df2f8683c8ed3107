namespace Aggregator.Web.Cli;

/// <summary>One benchmark of the `bench` verb (e.g. `bench ingest FOLDER`); prints its figures to the output.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Usage { get; }

    Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken);
}

internal sealed class BenchCommand : ICliCommand
{
    public string Name => "bench";
    public string Usage => "bench NAME [ARGS]       run a benchmark (bench help lists them)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var benchmarks = services.GetServices<IBenchmark>().ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
        if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
        {
            await error.WriteLineAsync("Usage: bench NAME [ARGS]");
            foreach (var b in benchmarks.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
            {
                await error.WriteLineAsync($"  bench {b.Usage}");
            }

            return args.Length == 0 || args[0] == "help" ? 0 : 2;
        }

        return await benchmark.RunAsync(services, args[1..], output, error, cancellationToken);
    }
}
