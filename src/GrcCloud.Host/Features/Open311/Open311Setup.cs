using System.Threading.RateLimiting;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Open311;

public static class Open311Setup
{
    public const string RateLimit = "open311";

    public static IServiceCollection AddOpen311(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Open311Keys>();
        var perMinute = configuration.GetValue("GrcCloud:RateLimits:Open311PerMinute", 120);
        services.AddRateLimiter(options => options.AddPolicy(RateLimit, context =>
        {
            // Per town and per client address (the key travels in the form body, not read before the limiter):
            // one town's integrations never use another town's budget.
            var town = context.Features.Get<SiteFeature>()?.Tenant?.Id;
            return RateLimitPartition.GetFixedWindowLimiter($"{town}|{context.Connection.RemoteIpAddress}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));
        return services;
    }
}
