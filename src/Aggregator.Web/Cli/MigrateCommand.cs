using Aggregator.Web.Data;

namespace Aggregator.Web.Cli;

internal sealed class MigrateCommand : ICliCommand
{
    public string Name => "migrate";
    public string Usage => "migrate                 apply database migrations and seed reference data, then exit";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        await output.WriteLineAsync("Database is up to date.");
        return 0;
    }
}
