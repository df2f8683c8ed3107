using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Cli;
using Aggregator.Web.Model;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Operations;

public class BackupTests
{
    [Fact]
    public async Task BackupOfTheLiveDatabaseOpensAndHasTheRowsWhileWritesContinue()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        await Feeds.FeedTestData.SeedAsync(factory);

        // A writer keeps committing through the app's own connection pool while the backup runs.
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await factory.WithDbAsync(async db =>
                {
                    var n = Interlocked.Increment(ref written);
                    db.Articles.Add(new Article { SourceId = 1, Guid = $"during-{n}", Url = $"https://wire.example.com/during/{n}", Title = $"During {n}", ContentHash = $"d{n}" });
                    await db.SaveChangesAsync();
                });
            }
        });

        while (Volatile.Read(ref written) < 5)
        {
            await Task.Delay(10);
        }

        var target = Path.Combine(factory.DataDirectory, "backups");
        Directory.CreateDirectory(target);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(factory.Services, ["backup", target], output, error, CancellationToken.None);
        await stop.CancelAsync();
        await writer;
        Assert.True(exit == 0, error.ToString());

        var file = Assert.Single(Directory.GetFiles(target));
        Assert.Equal("aggregator-20260110-120000.db", Path.GetFileName(file));
        Assert.Contains(file, output.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(target, "*-wal"));

        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await copy.OpenAsync();
        Assert.Equal("ok", await ScalarAsync<string>(copy, "PRAGMA integrity_check"));
        Assert.Equal("delete", await ScalarAsync<string>(copy, "PRAGMA journal_mode"));
        Assert.Equal(4L, await ScalarAsync<long>(copy, "SELECT COUNT(*) FROM Sources"));
        Assert.Equal(5L, await ScalarAsync<long>(copy, "SELECT COUNT(*) FROM Topics"));
        var seeded = await ScalarAsync<long>(copy, "SELECT COUNT(*) FROM Articles WHERE Guid LIKE 'guid-%'");
        var during = await ScalarAsync<long>(copy, "SELECT COUNT(*) FROM Articles WHERE Guid LIKE 'during-%'");
        Assert.Equal(8L, seeded);
        Assert.InRange(during, 5, written);
        Assert.True(await ScalarAsync<long>(copy, "SELECT COUNT(*) FROM __EFMigrationsHistory") > 0);
    }

    [Fact]
    public async Task BackupRefusesToOverwriteAnExistingFile()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        var target = Path.Combine(factory.DataDirectory, "precious.db");
        await File.WriteAllTextAsync(target, "keep me");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(factory.Services, ["backup", target], output, error, CancellationToken.None);
        Assert.Equal(1, exit);
        Assert.Contains("already exists", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task BackupWithoutAPathExplainsUsage()
    {
        using var factory = new AppFactory();
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(factory.Services, ["backup"], output, error, CancellationToken.None));
        Assert.Contains("Usage: backup PATH", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
