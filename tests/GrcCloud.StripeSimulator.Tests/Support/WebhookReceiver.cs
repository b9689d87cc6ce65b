using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GrcCloud.StripeSimulator.Tests.Support;

public sealed record ReceivedWebhook(string Payload, string Signature);

/// <summary>A little webhook endpoint, as the product will have one: records what it receives, can be told to fail.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_test_receiver_secret";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private int _failuresLeft;
    private int _hangsLeft;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>The next <paramref name="count"/> deliveries are answered 500 (and still recorded).</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    /// <summary>The next <paramref name="count"/> deliveries get no answer until the sender gives up.</summary>
    public void HangNext(int count) => Interlocked.Exchange(ref _hangsLeft, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/stripe/webhooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var payload = await reader.ReadToEndAsync(context.RequestAborted);
            receiver._received.Enqueue(new ReceivedWebhook(payload, context.Request.Headers["Stripe-Signature"].ToString()));
            if (Interlocked.Decrement(ref receiver._hangsLeft) >= 0)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // the simulator gave up, as the test wants
                }
                return Results.Empty;
            }
            return Interlocked.Decrement(ref receiver._failuresLeft) >= 0 ? Results.StatusCode(500) : Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/stripe/webhooks";
        return receiver;
    }

    /// <summary>Settings that make the simulator deliver here, retrying quickly.</summary>
    public Dictionary<string, string?> Settings(params string[] retryDelays)
    {
        var settings = new Dictionary<string, string?>
        {
            ["StripeSimulator:WebhookEndpoints:0:Url"] = Url,
            ["StripeSimulator:WebhookEndpoints:0:Secret"] = Secret,
        };
        var delays = retryDelays.Length > 0 ? retryDelays : ["00:00:00.050", "00:00:00.050", "00:00:00.050"];
        for (var i = 0; i < delays.Length; i++)
            settings[$"StripeSimulator:RetryDelays:{i}"] = delays[i];
        return settings;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
