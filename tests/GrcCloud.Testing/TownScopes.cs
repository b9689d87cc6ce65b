using GrcCloud.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Testing;

public static class TownScopes
{
    /// <summary>A service scope of the platform set to one town, as a request of that town would be.</summary>
    public static AsyncServiceScope TownScope(this TestPlatform platform, string slug)
    {
        var town = platform.Services.GetRequiredService<TenantRegistry>().FindBySlug(slug)
            ?? throw new InvalidOperationException($"Commune {slug} absente du registre.");
        return platform.Services.GetRequiredService<IServiceScopeFactory>().CreateTownScope(town);
    }

    /// <summary>Runs <paramref name="work"/> in a scope set to the town (its data, its services), as a request of that town would.</summary>
    public static async Task<T> InTownAsync<T>(this TestPlatform platform, string slug, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = platform.TownScope(slug);
        return await work(scope.ServiceProvider);
    }

    public static Task InTownAsync(this TestPlatform platform, string slug, Func<IServiceProvider, Task> work) =>
        platform.InTownAsync(slug, async services =>
        {
            await work(services);
            return true;
        });
}
