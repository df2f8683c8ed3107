using Aggregator.Web;
using Aggregator.Web.Cli;
using Microsoft.AspNetCore.Builder;

namespace Aggregator.Tests.Cli;

public sealed class ClusteringBenchmarkTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aggregator-bench-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task OnAFreshDatabaseItCreatesTheSchemaAndSaysWhatToImport()
    {
        // As the binary runs a verb: no site, nothing migrated beforehand.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["Data:Directory"] = _directory;
        builder.Configuration["Data:SeedDemoContent"] = "false";
        builder.AddAggregator(isCommandLine: true);
        await using var app = builder.Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandLine.RunAsync(app.Services, ["bench", "clustering"], output, error, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("No pending articles: import some first", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
