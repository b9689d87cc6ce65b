using Microsoft.Extensions.Options;
using Stripe;

namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// Section <c>GrcCloud:Stripe</c>. Outside Production and Staging, missing values default to the local
/// Stripe simulator (deploy/dev/run.sh starts it), so the whole flow can be tried without keys. In
/// Production or Staging, billing needs <c>SecretKey</c> and <c>WebhookSecret</c>, or an explicit
/// <c>Enabled=false</c>: a missing key stops the start with a message naming the setting.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "GrcCloud:Stripe";
    public const string SimulatorApiBase = "http://127.0.0.1:5082";
    public const string SimulatorSecretKey = "sk_test_grccloud_local";
    public const string SimulatorWebhookSecret = "whsec_grccloud_local";

    /// <summary>False turns billing off: its pages say so, its actions are refused, the webhook answers 404.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Stripe's API by default; the simulator's address for the local run and the tests.</summary>
    public string? ApiBase { get; set; }
    public string? SecretKey { get; set; }
    public string? WebhookSecret { get; set; }
    /// <summary>Each town's customer lives on a Stripe test clock (test mode and simulator only), so a quarter can be played.</summary>
    public bool UseTestClocks { get; set; }
    /// <summary>Time given to each call before it is tried again (Stripe.net retries with the same idempotency key).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public int MaxNetworkRetries { get; set; } = 2;

    public bool IsLiveMode => SecretKey?.StartsWith("sk_live_", StringComparison.Ordinal) == true || SecretKey?.StartsWith("rk_live_", StringComparison.Ordinal) == true;

    /// <summary>Binds, defaults to the simulator outside Production/Staging, checks at start.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var environment = configuration["DOTNET_ENVIRONMENT"] ?? configuration["ASPNETCORE_ENVIRONMENT"] ?? configuration[Microsoft.Extensions.Hosting.HostDefaults.EnvironmentKey] ?? "Production";
        var strict = environment is "Production" or "Staging";
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(Section))
            .PostConfigure(o =>
            {
                if (strict || !o.Enabled)
                    return;
                o.ApiBase ??= string.IsNullOrEmpty(o.SecretKey) ? SimulatorApiBase : null;
                o.SecretKey = string.IsNullOrEmpty(o.SecretKey) ? SimulatorSecretKey : o.SecretKey;
                o.WebhookSecret = string.IsNullOrEmpty(o.WebhookSecret) ? SimulatorWebhookSecret : o.WebhookSecret;
            })
            .Validate(o => !o.Enabled || !string.IsNullOrEmpty(o.SecretKey), $"{Section}:SecretKey est obligatoire (clé secrète Stripe sk_test_… ou sk_live_…), ou désactivez la facturation avec {Section}:Enabled=false.")
            .Validate(o => !o.Enabled || string.IsNullOrEmpty(o.SecretKey) || o.SecretKey.StartsWith("sk_", StringComparison.Ordinal) || o.SecretKey.StartsWith("rk_", StringComparison.Ordinal), $"{Section}:SecretKey doit être une clé secrète Stripe (sk_… ou rk_…).")
            .Validate(o => !o.Enabled || o.WebhookSecret?.StartsWith("whsec_", StringComparison.Ordinal) == true, $"{Section}:WebhookSecret est obligatoire : le secret de signature du point de réception (whsec_…).")
            .Validate(o => o.ApiBase is null || (Uri.TryCreate(o.ApiBase, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"), $"{Section}:ApiBase doit être une adresse http(s) absolue.")
            .Validate(o => !(o.UseTestClocks && o.IsLiveMode), $"{Section}:UseTestClocks ne s'emploie pas avec une clé de production (sk_live_…).")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.MaxNetworkRetries is >= 0 and <= 5, $"{Section}:RequestTimeout doit être positif et {Section}:MaxNetworkRetries compris entre 0 et 5.")
            .ValidateOnStart();
        services.AddHttpClient(HttpClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<StripeOptions>>().Value.RequestTimeout);
        // One client per scope over the factory's pooled handler; Stripe.net does the retries (5xx,
        // timeouts, connection errors) and resends the same request, hence the same idempotency key.
        // No second retry layer (Http.Resilience) on top: it would multiply the attempts.
        services.AddScoped(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            var http = new SystemNetHttpClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), options.MaxNetworkRetries, null, enableTelemetry: false);
            var clientOptions = new StripeClientOptions { ApiKey = options.SecretKey, HttpClient = http };
            if (options.ApiBase is { Length: > 0 } apiBase)
                clientOptions.ApiBase = apiBase.TrimEnd('/');
            return new StripeClient(clientOptions);
        });
    }

    public const string HttpClientName = "stripe";
}
