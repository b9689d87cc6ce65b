using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GrcCloud.Tests.Webhooks;

/// <summary>An integrator's endpoint on loopback (Kestrel): records what it receives, answers the statuses it is told to, then 200.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(DateTimeOffset At, string Body, string? Signature, string? EventType, string? DeliveryId);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();
    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync(params int[] firstAnswers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        foreach (var status in firstAnswers)
            receiver._answers.Enqueue(status);
        app.MapPost("/evenements", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue(new Received(DateTimeOffset.UtcNow, body, http.Request.Headers["GrcCloud-Signature"], http.Request.Headers["GrcCloud-Event"], http.Request.Headers["GrcCloud-Delivery"]));
            return Results.StatusCode(receiver._answers.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/evenements";
        return receiver;
    }

    /// <summary>Waits (polling) until the receiver has got what <paramref name="condition"/> needs.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> condition, int seconds = 30)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var seen = Requests.ToList();
            if (condition(seen))
                return seen;
            if (DateTimeOffset.UtcNow > until)
                throw new TimeoutException($"Le récepteur n'a pas reçu ce qui était attendu ({seen.Count} envoi(s) : {string.Join(" | ", seen.Select(s => s.EventType))}).");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
