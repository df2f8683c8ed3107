using Aggregator.Web.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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
}
