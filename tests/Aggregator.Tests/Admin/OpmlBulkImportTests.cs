using System.Data.Common;
using System.Net;
using System.Text;
using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Admin;

/// <summary>A list of thousands of feeds is checked and stored as a set, not one feed at a time.</summary>
public sealed class OpmlBulkImportTests
{
    [Fact]
    public async Task ThreeThousandFeedsAreAddedAndAuditedInAFewDatabaseRoundTrips()
    {
        using var factory = new CountingAppFactory();
        await factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        factory.Services.GetRequiredService<OpmlImportJobs>().InlineWait = TimeSpan.FromMinutes(10);
        using var client = await factory.SignInAsync(AdminAppFactory.AdminEmail);
        await client.PostFormAsync("/admin/sources/new", "/admin/sources/new",
            ("Input.Name", "Already Here"), ("Input.Slug", "feed-7"), ("Input.FeedUrl", "https://93.184.215.12/feed-7.xml"), ("Input.Kind", "Reporting"), ("Input.Tier", "2"));
        // Feeds on a few hosts, one already a source, one listed twice, one with no usable address, one on a private host.
        var outlines = new StringBuilder();
        for (var i = 1; i <= 3000; i++)
        {
            outlines.Append(Invariant($"""<outline type="rss" text="Feed {i}" xmlUrl="https://93.184.215.{10 + (i % 5)}/feed-{i}.xml"/>"""));
        }

        outlines.Append("""<outline type="rss" text="Feed 12 again" xmlUrl="https://93.184.215.12/feed-12.xml"/>""");
        outlines.Append("""<outline type="rss" text="Broken" xmlUrl="ftp://93.184.215.14/feed.xml"/>""");
        outlines.Append("""<outline type="rss" text="Home Router" xmlUrl="http://192.168.1.1/feed"/>""");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await client.GetTokenAsync("/admin/sources/opml")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"""<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>""")), "file", "many.opml" },
        };

        factory.Commands.Reset();
        using var upload = await client.PostAsync(new Uri("/admin/sources/opml", UriKind.Relative), form);
        var (queries, transactions) = (factory.Commands.Queries, factory.Commands.Transactions);

        var body = await upload.BodyAsync();
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Contains("Added 2999 source(s); skipped 4", body, StringComparison.Ordinal);
        Assert.Contains("Feed 7: already a source", body, StringComparison.Ordinal);
        Assert.Contains("Feed 12 again: already a source", body, StringComparison.Ordinal);
        Assert.Contains("Broken: The feed address must be", body, StringComparison.Ordinal);
        Assert.Contains("Home Router: 192.168.1.1 resolves to a private", body, StringComparison.Ordinal);
        Assert.Equal(3000, await factory.QueryAsync(db => db.Sources.CountAsync(s => s.FeedUrl.StartsWith("https://93.184.215."))));
        Assert.Equal(3000, await factory.QueryAsync(db => db.Sources.Select(s => s.Slug).Distinct().CountAsync(s => s.StartsWith("feed-"))));
        // Each added source has its own audit entry naming it, as one added by hand does.
        var unaudited = await factory.QueryAsync(db => db.Sources
            .Where(s => s.FeedUrl.StartsWith("https://93.184.215."))
            .CountAsync(s => !db.AuditEntries.Any(a => a.Action == "source.add" && a.EntityType == "source" && a.EntityId == s.Id.ToString())));
        Assert.Equal(0, unaudited);
        // One feed at a time took four queries and a transaction each (over 12,000 queries here); a set reads what exists
        // once and stores a chunk per transaction. The inserts themselves are one statement a row on SQLite.
        Assert.True(queries < 50, $"{queries} queries and updates for 3,003 outlines");
        Assert.True(transactions < 20, $"{transactions} transactions for 3,003 outlines");
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private sealed class CountingAppFactory : AdminAppFactory
    {
        public CommandCounter Commands { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Commands));
                services.ConfigureDbContext<PostgresDbContext>(options => options.AddInterceptors(Commands));
            });
        }
    }

    private sealed class CommandCounter : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private int _queries;
        private int _transactions;

        // Commands other than inserts: lookups, checks, updates.
        public int Queries => Volatile.Read(ref _queries);

        public int Transactions => Volatile.Read(ref _transactions);

        public void Reset()
        {
            Volatile.Write(ref _queries, 0);
            Volatile.Write(ref _transactions, 0);
        }

        // Called for every command EF runs, its text set.
        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            if (!result.CommandText.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _queries);
            }

            return result;
        }

        public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        {
            Interlocked.Increment(ref _transactions);
            return result;
        }

        public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _transactions);
            return ValueTask.FromResult(result);
        }
    }
}
