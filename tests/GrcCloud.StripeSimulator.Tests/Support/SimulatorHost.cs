using System.Net.Http.Json;
using GrcCloud.StripeSimulator.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace GrcCloud.StripeSimulator.Tests.Support;

/// <summary>The simulator on a loopback port, driven by Stripe.net exactly as the billing module will drive it.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string ApiKey = "sk_test_simulator";

    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SimulatorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = NewHttpClient();
    }

    public Uri BaseAddress { get; }

    /// <summary>Plain HTTP, for what Stripe.net does not send (the simulator's controls, hosted documents).</summary>
    public HttpClient Http { get; }

    public static async Task<SimulatorHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var config = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        var app = StripeSimulatorApp.Build(["--urls=http://127.0.0.1:0", "--environment=Testing"], builder => builder.Configuration.AddInMemoryCollection(config));
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, new Uri(address));
    }

    /// <summary>Stripe.net pointed at the simulator; no automatic retries unless asked, so a test sees each answer.</summary>
    public StripeClient Stripe(string apiKey = ApiKey, int maxNetworkRetries = 0) =>
        new(new StripeClientOptions
        {
            ApiKey = apiKey,
            ApiBase = BaseAddress.ToString().TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(NewHttpClient(), maxNetworkRetries, null, false),
        });

    public async Task InjectFaultAsync(object fault)
    {
        using var response = await Http.PostAsJsonAsync("/_simulator/faults", fault, Ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task<List<Delivery>> DeliveriesAsync() =>
        (await Http.GetFromJsonAsync<List<Delivery>>("/_simulator/deliveries", Ct))!;

    /// <summary>Polls the deliveries until the condition holds; fails after ten seconds.</summary>
    public async Task<List<Delivery>> WaitForDeliveriesAsync(Func<List<Delivery>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var deliveries = await DeliveriesAsync();
            if (condition(deliveries))
                return deliveries;
            if (DateTime.UtcNow > deadline)
                Assert.Fail("Deliveries never reached the expected state: " + string.Join(", ", deliveries.Select(d => $"{d.Type} {d.Status} x{d.Attempts}")));
            await Task.Delay(25, Ct);
        }
    }

    private HttpClient NewHttpClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
            client.Dispose();
        await _app.DisposeAsync();
    }
}
