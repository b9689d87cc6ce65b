using GrcCloud.Tenancy;
using Microsoft.AspNetCore.OutputCaching;

namespace GrcCloud.Host.Features.Portal;

/// <summary>
/// Anonymous portal pages are the same for every visitor of a town until its catalogue changes:
/// they are cached whole, keyed by the town's id and catalogue version (never by host alone, so a
/// custom domain and the subdomain share one entry and two towns never share any). The default
/// policy rules still apply: only anonymous GET requests answered 200 without a cookie being set.
/// </summary>
public static class PortalOutputCache
{
    public const string Policy = "portal";

    public static IServiceCollection AddPortalOutputCache(this IServiceCollection services) =>
        services.AddOutputCache(options =>
        {
            options.SizeLimit = 64L * 1024 * 1024;
            options.AddPolicy(Policy, policy => policy
                .Expire(TimeSpan.FromMinutes(10))
                .SetVaryByHost(false)
                .VaryByValue(context =>
                {
                    var tenant = context.Features.Get<SiteFeature>()?.Tenant;
                    return new KeyValuePair<string, string>("town", tenant is null ? "none" : $"{tenant.Id:N}:{tenant.CatalogueVersion}");
                }));
        });
}
