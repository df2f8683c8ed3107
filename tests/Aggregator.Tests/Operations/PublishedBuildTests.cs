using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Operations;

/// <summary>
/// The install path of docs/operations.md: the published binaries started from another folder, in Production.
/// Publishes the already built assembly (no compile) into a temp folder and runs it as its own process on loopback.
/// </summary>
public sealed partial class PublishedBuildTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aggregator-tests", "published-" + Guid.NewGuid().ToString("n"));
    private Process? _server;

    [Fact]
    public async Task StartedFromAnotherFolderItServesItsAssetsReadsItsSettingsAndKeepsDataInTheWorkingFolder()
    {
        var app = Path.Combine(_root, "opt");
        var workingFolder = Path.Combine(_root, "srv");
        Directory.CreateDirectory(workingFolder);
        await PublishAsync(app);

        // Settings beside the binary: a data folder name only they know about.
        var settingsPath = Path.Combine(app, "appsettings.json");
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(settingsPath))!.AsObject();
        settings["Data"] = new JsonObject { ["Directory"] = "site-data", ["SeedDemoContent"] = false };
        await File.WriteAllTextAsync(settingsPath, settings.ToJsonString());

        _server = StartServer(app, workingFolder, out var output);
        var baseUrl = await WaitForAddressAsync(_server, output);
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };

        foreach (var (path, type) in new[] { ("/css/site.css", "text/css"), ("/favicon.svg", "image/svg+xml") })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(Path.Combine(workingFolder, "site-data", "aggregator.db")), "the database belongs in the working folder's site-data/");
        Assert.False(Directory.Exists(Path.Combine(app, "site-data")), "the binary's folder holds no data");

        // Plain HTTP in Production: a browser on the server itself may sign in; for any other host name the newsroom
        // explains instead of failing, and the log said so at start.
        using var local = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        using var remote = new HttpRequestMessage(HttpMethod.Get, new Uri("/account/login", UriKind.Relative));
        remote.Headers.Host = "news.example.com";
        using var login = await client.SendAsync(remote);
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Contains("Signing in needs HTTPS", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        lock (output)
        {
            Assert.Contains(output, line => line.Contains("Operations:ForwardedHeaders:Enabled=true", StringComparison.Ordinal));
        }
    }

    private static async Task PublishAsync(string folder)
    {
        // The configuration the tests were built in (bin/Debug/net10.0 -> Debug), so --no-build finds its output.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var project = Path.Combine(Paths.RepositoryRoot, "src", "Aggregator.Web");
        using var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", project, "-c", configuration, "--no-build", "--no-restore", "-p:PublishReadyToRun=false", "-o", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, log);
    }

    private static Process StartServer(string app, string workingFolder, out List<string> output)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(app, "Aggregator.Web.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        // No network: nothing polls the curated sources.
        start.Environment["Ingestion__WorkersEnabled"] = "false";
        start.Environment["Clustering__WorkerEnabled"] = "false";
        var lines = new List<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(lines, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(lines, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = lines;
        return process;
    }

    private static void Collect(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static async Task<string> WaitForAddressAsync(Process server, List<string> output)
    {
        // Generous: the published app compiles everything as it starts, beside the other test assemblies.
        var deadline = DateTime.UtcNow.AddSeconds(240);
        while (DateTime.UtcNow < deadline && !server.HasExited)
        {
            lock (output)
            {
                var match = output.Select(l => Listening().Match(l)).FirstOrDefault(m => m.Success);
                if (match is not null)
                {
                    return match.Value;
                }
            }

            await Task.Delay(100);
        }

        lock (output)
        {
            throw new InvalidOperationException("The published app did not start:\n" + string.Join('\n', output));
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Listening();

    public void Dispose()
    {
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
                _server.WaitForExit(10_000);
            }

            _server.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
