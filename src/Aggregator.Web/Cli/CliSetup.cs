namespace Aggregator.Web.Cli;

public static class CliSetup
{
    /// <summary>Every verb of the command line and every benchmark of `bench`.</summary>
    public static IServiceCollection AddCommandLine(this IServiceCollection services)
    {
        services.AddSingleton<ICliCommand, MigrateCommand>();
        services.AddSingleton<ICliCommand, ImportCommand>();
        services.AddSingleton<ICliCommand, FetchCommand>();
        services.AddSingleton<ICliCommand, ClusterCommand>();
        services.AddSingleton<ICliCommand, EvalCommand>();
        services.AddSingleton<ICliCommand, AdminCommand>();
        services.AddSingleton<ICliCommand, BackupCommand>();
        services.AddSingleton<ICliCommand, CopyToPostgresCommand>();
        services.AddSingleton<ICliCommand, BenchCommand>();
        services.AddSingleton<IBenchmark, IngestBenchmark>();
        services.AddSingleton<IBenchmark, ClusteringBenchmark>();
        services.AddSingleton<IBenchmark, ClusterBenchmark>();
        services.AddSingleton<IBenchmark, AnalyzerBenchmark>();
        return services;
    }
}
