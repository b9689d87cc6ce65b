using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Data.Platform;

/// <summary>Loads the registry from <c>platform.tenants</c>.</summary>
public sealed class PlatformTenantStore(IServiceScopeFactory scopes) : ITenantStore
{
    public async Task<IReadOnlyList<TenantInfo>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var records = await db.Tenants.AsNoTracking().Include(t => t.Hosts).ToListAsync(cancellationToken);
        return [.. records.Select(r => r.ToInfo())];
    }
}
