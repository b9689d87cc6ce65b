using System.Security.Claims;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>
/// Saves a catalogue or settings change of the town with its audit entry, and bumps the town's
/// catalogue version in platform.tenants: the portal's caches are keyed by that version, so residents
/// see the change at once (this instance reloads its registry now, the others on the NOTIFY the
/// tenants trigger sends).
/// </summary>
public sealed class CatalogueChanges(
    TenantDbContext db, PlatformDbContext platform, TenantContext tenant, TenantRegistry registry, AuditLog audit, TimeProvider clock)
{
    public async Task SaveAsync(ClaimsPrincipal agent, string action, string subject, string? details, CancellationToken cancellationToken)
    {
        audit.Record(agent, action, subject, details);
        var townId = tenant.Required.Id;
        var now = clock.GetUtcNow();
        // The town's change is committed only once the version is bumped: a failed bump leaves both as they were,
        // a failed commit after the bump costs only one needless cache refresh.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await platform.Tenants.Where(t => t.Id == townId).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.CatalogueVersion, t => t.CatalogueVersion + 1)
                .SetProperty(t => t.UpdatedAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await registry.ReloadAsync(cancellationToken);
    }
}

public static class AdminSetup
{
    /// <summary>The supervisor's catalogue administration (pages under /agents/catalogue).</summary>
    public static IServiceCollection AddCatalogueAdmin(this IServiceCollection services) =>
        services.AddScoped<CatalogueChanges>();
}
