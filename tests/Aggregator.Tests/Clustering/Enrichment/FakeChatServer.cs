using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Clustering.Enrichment;

/// <summary>An OpenAI-compatible chat endpoint on loopback: answers POST /v1/chat/completions with a scripted reply.</summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeChatServer(WebApplication app, string baseUrl)
    {
        _app = app;
        Endpoint = baseUrl + "/v1";
    }

    /// <summary>The base URL to configure (includes /v1).</summary>
    public string Endpoint { get; }

    public List<string> RequestBodies { get; } = [];

    /// <summary>The assistant's reply; null makes the server answer 500.</summary>
    public string? Reply { get; set; }

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeChatServer? server = null;
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            lock (server!.RequestBodies)
            {
                server.RequestBodies.Add(body);
            }

            if (server.Reply is not { } reply)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("""{"error":{"message":"model crashed","type":"server_error"}}""");
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                id = "chatcmpl-test",
                @object = "chat.completion",
                created = 1767225600,
                model = "test-model",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = reply }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            }));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeChatServer(app, address.TrimEnd('/'));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
