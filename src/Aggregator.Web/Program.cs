using Aggregator.Web;
using Aggregator.Web.Cli;

var verb = CommandLine.FindVerb(args);
// Command-line verbs take their own arguments; only serving reads args as configuration.
// A published build's own folder holds wwwroot and appsettings.json wherever it is started from; data stays relative
// to the working directory (Data:Directory). Builds without wwwroot beside them (`dotnet run`, test hosts) keep the
// default content root, which finds the project's.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = verb is null ? args : [],
    ContentRootPath = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null,
});
builder.AddAggregator(isCommandLine: verb is not null);

var app = builder.Build();
if (verb is not null)
{
    return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error, CancellationToken.None);
}

app.UseAggregator();
await app.RunAsync();
return 0;

public partial class Program;
