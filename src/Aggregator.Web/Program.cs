using Aggregator.Web;
using Aggregator.Web.Cli;

var verb = CommandLine.FindVerb(args);
// Command-line verbs take their own arguments; only serving reads args as configuration.
// The binary's own folder holds wwwroot and appsettings.json wherever it is started from; data stays relative to
// the working directory (Data:Directory).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = verb is null ? args : [],
    ContentRootPath = AppContext.BaseDirectory,
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
