using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrcCloud.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// <summary>Registers the registry, the resolver and the per-scope tenant context. An <see cref="ITenantStore"/> must be registered too.</summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TenancyOptions.Section).Get<TenancyOptions>() ?? new TenancyOptions();
        options.BaseDomain = options.BaseDomain.Trim().TrimEnd('.').ToLowerInvariant();
        if (options.PublicPort == 0)
            options.PublicPort = configuration.GetValue("GRCCLOUD_PORT", 0);
        services.AddSingleton(options);
        services.AddSingleton<TenantRegistry>();
        services.AddSingleton<TenantHostResolver>();
        services.AddScoped<TenantContext>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, SiteMatcherPolicy>());
        return services;
    }

    public static IApplicationBuilder UseTenancy(this IApplicationBuilder app) =>
        app.UseMiddleware<TenantResolutionMiddleware>();
}
