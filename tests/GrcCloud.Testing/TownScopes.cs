using GrcCloud.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Testing;

public static class TownScopes
{
    /// <summary>A service scope of the platform set to one town, as a request of that town would be.</summary>
    public static AsyncServiceScope TownScope(this TestPlatform platform, string slug)
    {
        var scope = platform.Services.CreateAsyncScope();
        var town = scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug(slug)
            ?? throw new InvalidOperationException($"Commune {slug} absente du registre.");
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
        return scope;
    }
}
