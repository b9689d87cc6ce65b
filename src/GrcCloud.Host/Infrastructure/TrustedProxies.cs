using Microsoft.AspNetCore.HttpOverrides;

namespace GrcCloud.Host.Infrastructure;

/// <summary>
/// Forwarded headers (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true behind the TLS proxy) are honoured only
/// from the networks listed in GrcCloud:TrustedProxies (CIDR): a client that reaches an instance
/// directly cannot pick the address the per-client rate limits count, nor the scheme of the links.
/// Without the list, every sender is trusted (the framework's default when enabled), and the start-up
/// log says so.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "GrcCloud:TrustedProxies";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var networks = configuration.GetSection(Section).Get<string[]>() ?? [];
        var parsed = networks.Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"{Section} : « {n} » n'est pas un réseau au format CIDR (10.0.0.0/8).")).ToList();
        services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            if (parsed.Count == 0)
                return;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in parsed)
                options.KnownIPNetworks.Add(network);
        });
        return services;
    }

    public static void WarnWhenEverySenderIsTrusted(WebApplication app)
    {
        if (string.Equals(app.Configuration["ForwardedHeaders_Enabled"], "true", StringComparison.OrdinalIgnoreCase)
            && (app.Configuration.GetSection(Section).Get<string[]>() ?? []).Length == 0)
            app.Logger.LogWarning("En-têtes X-Forwarded-* acceptés de n'importe quel émetteur : listez les réseaux du proxy dans {Section} (CIDR).", Section);
    }
}
