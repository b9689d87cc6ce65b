namespace GrcCloud.Host.Features.Webhooks;

/// <summary>Section GrcCloud:Webhooks.</summary>
public sealed class WebhookOptions
{
    public const string Section = "GrcCloud:Webhooks";

    /// <summary>Loopback, private addresses and plain HTTP accepted: the local run (Development) and the tests only.</summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>The waits before each retry after a failed attempt: 30 s, 2 min, 10 min, 1 h, 6 h, 24 h, then the delivery fails.</summary>
    public int[] RetryDelaysSeconds { get; set; } = [30, 120, 600, 3600, 21600, 86400];
    public int TimeoutSeconds { get; set; } = 10;
}

public static class WebhooksSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp =>
        {
            var section = configuration.GetSection(WebhookOptions.Section);
            var options = section.Get<WebhookOptions>() ?? new WebhookOptions();
            if (section[nameof(WebhookOptions.AllowPrivateNetworks)] is null)
                options.AllowPrivateNetworks = sp.GetRequiredService<IHostEnvironment>().IsDevelopment();
            return options;
        });
        services.AddScoped<WebhookOutbox>();
        services.AddScoped<WebhookJobs>();
        services.AddHttpClient(WebhookJobs.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("GrcCloud-Webhooks/1.0"))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A redirect could lead to an internal address: the receiver answers where it was asked.
                AllowAutoRedirect = false,
                ConnectCallback = WebhookTargets.Connect(sp.GetRequiredService<WebhookOptions>().AllowPrivateNetworks),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
            });
        return services;
    }
}
