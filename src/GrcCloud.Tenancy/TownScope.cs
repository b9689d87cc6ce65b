using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tenancy;

/// <summary>
/// Runs code inside one town outside an HTTP request (migrations, provisioning, live hubs, commands):
/// a fresh service scope whose <see cref="TenantContext"/> is set to the town, so its DbContext, its
/// caches and its services act for that town alone, as a request of that town would. The one way to do
/// it: a scope set by hand could forget the town, or reuse another town's context.
/// </summary>
public static class TownScope
{
    /// <summary>A new scope set to <paramref name="town"/>; dispose it when done.</summary>
    public static AsyncServiceScope CreateTownScope(this IServiceScopeFactory scopes, TenantInfo town)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
        return scope;
    }

    public static async Task<T> InTownAsync<T>(this IServiceScopeFactory scopes, TenantInfo town, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateTownScope(town);
        return await work(scope.ServiceProvider);
    }

    public static async Task InTownAsync(this IServiceScopeFactory scopes, TenantInfo town, Func<IServiceProvider, Task> work)
    {
        await using var scope = scopes.CreateTownScope(town);
        await work(scope.ServiceProvider);
    }
}
