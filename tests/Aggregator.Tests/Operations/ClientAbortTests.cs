using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Aggregator.Tests.Operations;

public sealed class ClientAbortTests
{
    private static RequestDelegate Pipeline(RequestDelegate endpoint)
    {
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        app.UseClientAbortHandling();
        app.Run(endpoint);
        return app.Build();
    }

    private static DefaultHttpContext Aborted()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        return new DefaultHttpContext { RequestAborted = aborted.Token };
    }

    [Fact]
    public async Task AClientThatHungUpEndsAs499AtInformationNotA500Error()
    {
        var context = Aborted();
        var pipeline = Pipeline(c => Task.FromException(new OperationCanceledException(c.RequestAborted)));
        await pipeline(context);
        Assert.Equal(ClientAborts.ClientClosedRequest, context.Response.StatusCode);
        Assert.Equal(LogEventLevel.Information, LoggingSetup.RequestLevel(context, null));
        Assert.Equal(LogEventLevel.Information, LoggingSetup.RequestLevel(Aborted(), new IOException("connection reset")));
    }

    [Fact]
    public async Task ACancellationTheClientDidNotCauseStaysAnError()
    {
        var context = new DefaultHttpContext();
        var pipeline = Pipeline(_ => Task.FromException(new OperationCanceledException()));
        await Assert.ThrowsAsync<OperationCanceledException>(() => pipeline(context));
        Assert.Equal(LogEventLevel.Error, LoggingSetup.RequestLevel(context, new OperationCanceledException()));
    }

    [Fact]
    public async Task AClientThatHangsUpMidResponseIsLoggedAtInformationAndNothingAsAnError()
    {
        var log = new LogCapture();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var site = new AppFactory();
        using var app = site.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(log);
            services.AddSingleton<IStartupFilter>(new StreamingEndpoint(started));
        }));
        using var client = app.CreateClient();

        using (var response = await client.GetAsync(StreamingEndpoint.Path, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[16]) > 0);
            await started.Task;
        }

        // Disposing the response mid-body is the client hanging up; the request's line comes once the server gave up.
        var line = await log.FirstAsync(e => e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal)
            && LogCapture.Line(e).Contains(StreamingEndpoint.Path, StringComparison.Ordinal)).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Null(line.Exception);
        Assert.Empty(log.Lines(LogEventLevel.Warning));
    }

    /// <summary>
    /// A response that starts, then waits for its client to leave and writes on, behind every middleware of the app
    /// (it answers a path no endpoint takes, at the end of the pipeline).
    /// </summary>
    private sealed class StreamingEndpoint(TaskCompletionSource started) : IStartupFilter
    {
        public const string Path = "/streaming-until-the-client-leaves";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(async context =>
            {
                if (context.Request.Path != Path)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(new string('x', 4096));
                await context.Response.Body.FlushAsync();
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            });
        };
    }
}
