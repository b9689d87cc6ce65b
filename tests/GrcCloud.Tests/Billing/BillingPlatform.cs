using System.Net.Http.Json;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Billing;
using GrcCloud.StripeSimulator;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace GrcCloud.Tests.Billing;

/// <summary>A clock the test moves, in step with the Stripe simulator's test clock.</summary>
public sealed class MovableTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;
}

/// <summary>
/// A platform (Lavaur, Gaillac, the test SMTP server) billing through the Stripe simulator in-process,
/// which delivers its signed events to the platform's webhook on the console host.
/// </summary>
public sealed class BillingPlatform : IAsyncDisposable
{
    public const string ApiKey = "sk_test_billing_tests";
    public const string WebhookSecret = "whsec_billing_tests";
    public const string ValidSiret = "21810140900017";
    public static readonly DateTimeOffset Start = new(2027, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _simulator;

    private BillingPlatform(IdentityPlatform env, WebApplication simulator, Uri simulatorAddress, MovableTime time)
    {
        Env = env;
        _simulator = simulator;
        SimulatorAddress = simulatorAddress;
        Time = time;
        SimulatorHttp = new HttpClient { BaseAddress = simulatorAddress };
        SimulatorHttp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public IdentityPlatform Env { get; }
    public MovableTime Time { get; }
    public Uri SimulatorAddress { get; }
    /// <summary>Plain HTTP to the simulator (its controls, raw events), with the API key.</summary>
    public HttpClient SimulatorHttp { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<BillingPlatform> StartAsync(PostgresFixture postgres, bool deliverWebhooks = true, string requestTimeout = "00:00:30")
    {
        var simulator = StripeSimulatorApp.Build(["--urls=http://127.0.0.1:0", "--environment=Testing"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["StripeSimulator:RetryDelays:0"] = "00:00:00.100",
            ["StripeSimulator:RetryDelays:1"] = "00:00:00.500",
            ["StripeSimulator:RetryDelays:2"] = "00:00:02",
        }));
        await simulator.StartAsync(Ct);
        var address = new Uri(simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var time = new MovableTime(Start);
        var env = await IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?>
        {
            ["GrcCloud:Stripe:ApiBase"] = address.ToString().TrimEnd('/'),
            ["GrcCloud:Stripe:SecretKey"] = ApiKey,
            ["GrcCloud:Stripe:WebhookSecret"] = WebhookSecret,
            ["GrcCloud:Stripe:UseTestClocks"] = "true",
            ["GrcCloud:Stripe:RequestTimeout"] = requestTimeout,
        }, configure: builder => builder.Services.AddSingleton(new BillingClock(time)));
        var platform = new BillingPlatform(env, simulator, address, time);
        if (deliverWebhooks)
        {
            using var registered = await platform.SimulatorHttp.PostAsJsonAsync("/_simulator/webhook_endpoints",
                new { url = $"http://ops.localhost:{env.Platform.Port}{StripeWebhook.Path}", secret = WebhookSecret }, Ct);
            registered.EnsureSuccessStatusCode();
        }
        return platform;
    }

    /// <summary>Stripe.net on the simulator, to look at what the platform made there.</summary>
    public StripeClient Stripe() => new(new StripeClientOptions { ApiKey = ApiKey, ApiBase = SimulatorAddress.ToString().TrimEnd('/') });

    public async Task InjectFaultAsync(object fault)
    {
        using var response = await SimulatorHttp.PostAsJsonAsync("/_simulator/faults", fault, Ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until every event the simulator raised reached the platform and was accepted.</summary>
    public async Task WaitForDeliveriesAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var deliveries = (await SimulatorHttp.GetFromJsonAsync<List<Dictionary<string, System.Text.Json.JsonElement>>>("/_simulator/deliveries", Ct))!;
            if (deliveries.All(d => d["status"].GetString() == "succeeded"))
                return;
            Assert.True(DateTime.UtcNow < deadline, "Des événements Stripe ne sont pas parvenus : " + string.Join(", ", deliveries.Select(d => $"{d["type"]} {d["status"]} {d["lastStatusCode"]}")));
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>Moves the platform's clock and the town's Stripe test clock together.</summary>
    public async Task AdvanceAsync(string slug, DateTimeOffset to)
    {
        Time.Set(to);
        var clockId = await WithDbAsync(db => db.TownBilling.Where(b => b.TenantId == db.Tenants.Single(t => t.Slug == slug).Id).Select(b => b.StripeTestClockId).SingleAsync(Ct));
        await Stripe().V1.TestHelpers.TestClocks.AdvanceAsync(clockId!, new global::Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = to.UtcDateTime }, cancellationToken: Ct);
        await WaitForDeliveriesAsync();
    }

    public async Task<T> WithDbAsync<T>(Func<PlatformDbContext, Task<T>> query)
    {
        await using var scope = Env.Platform.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PlatformDbContext>());
    }

    public async Task RunDailyJobAsync() => await Env.Platform.Services.GetRequiredService<BillingDailyJob>().RunAsync();

    /// <summary>Lavaur's billing details filled in by an operator, with the reference plan.</summary>
    public static Dictionary<string, string> LavaurDetails() => new()
    {
        ["BillingEmail"] = "finances@lavaur.example",
        ["Siret"] = ValidSiret,
        ["AddressLine"] = "Place du Plô",
        ["PostalCode"] = "81500",
        ["City"] = "Lavaur",
        ["ChorusServiceCode"] = "FIN-01",
        ["ChorusCommitmentNumber"] = "EJ-2027-042",
        ["PlanCode"] = "reference",
    };

    public async ValueTask DisposeAsync()
    {
        SimulatorHttp.Dispose();
        await Env.DisposeAsync();
        await _simulator.DisposeAsync();
    }
}
