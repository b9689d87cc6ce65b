using System.Security.Claims;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>
/// Saves a catalogue or settings change of the town with its audit entry, and bumps the town's
/// catalogue version in platform.tenants: the portal's caches are keyed by that version, so residents
/// see the change at once (this instance reloads its registry now, the others on the NOTIFY the
/// tenants trigger sends).
/// </summary>
public sealed class CatalogueChanges(
    TenantDbContext db, TenantContext tenant, TenantRegistry registry, AuditLog audit, TimeProvider clock)
{
    public async Task SaveAsync(ClaimsPrincipal agent, AuditAction action, string subject, string? details, CancellationToken cancellationToken)
    {
        audit.Record(agent, action, subject, details);
        var townId = tenant.Required.Id;
        var now = clock.GetUtcNow();
        // One transaction on one connection for the change and the bump: the NOTIFY goes out at commit, when the
        // change is visible, so no instance can cache the old catalogue under the new version.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await using var platform = new PlatformDbContext(PlatformOn(db.Database.GetDbConnection()));
            await platform.Database.UseTransactionAsync(transaction.GetDbTransaction(), cancellationToken);
            await platform.Tenants.Where(t => t.Id == townId).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.CatalogueVersion, t => t.CatalogueVersion + 1)
                .SetProperty(t => t.UpdatedAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await registry.ReloadAsync(cancellationToken);
    }

    /// <summary>The platform's model on the town's open connection (its tables are schema-qualified, whatever the search_path).</summary>
    private static DbContextOptions<PlatformDbContext> PlatformOn(System.Data.Common.DbConnection connection) =>
        new DbContextOptionsBuilder<PlatformDbContext>().UseNpgsql(connection).UseSnakeCaseNamingConvention().Options;
}

public static class AdminSetup
{
    /// <summary>The supervisor's catalogue administration (pages under /agents/catalogue).</summary>
    public static IServiceCollection AddCatalogueAdmin(this IServiceCollection services) =>
        services.AddScoped<CatalogueChanges>();
}
