using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using UUIDNext;

namespace GrcCloud.Host.Features.Provisioning;

/// <summary>A refusal or failure of provisioning, worded for the person who asked.</summary>
public sealed class ProvisioningException(string message, Exception? inner = null) : Exception(message, inner);

public enum ProvisioningOutcome
{
    Created,
    /// <summary>The town already existed, active: nothing was changed (a second start of the demo).</summary>
    AlreadyExists,
}

/// <summary>
/// Creates a town from a checked recipe: registry entry, schema, tables, catalogue.
/// </summary>
/// <remarks>
/// Two steps. (1) The registry entry is committed in state <c>provisioning</c>, so every instance
/// answers 503 on the town's hosts at once. (2) Schema, tables, catalogue and the switch to
/// <c>active</c> are one PostgreSQL transaction: DDL is transactional, so a failure leaves no schema.
/// A failure then marks the entry <c>failed</c> with its reason; creating the town again retries,
/// and <c>tenants remove</c> deletes it.
/// </remarks>
public sealed class TownProvisioner(IServiceScopeFactory scopes, TownSchemaMigrator migrator, ILogger<TownProvisioner> logger)
{
    /// <summary>For tests: runs inside the step-2 transaction, just before the town goes active.</summary>
    internal Func<TenantInfo, Task>? BeforeActivation { get; set; }

    public async Task<(ProvisioningOutcome Outcome, TenantInfo Town)> ProvisionAsync(TownRecipe recipe, CancellationToken cancellationToken = default)
    {
        var town = recipe.Town;
        var slug = town.Slug!;
        var hosts = (town.Hosts ?? []).Distinct(StringComparer.Ordinal).ToList();

        TenantInfo tenant;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var existing = await platform.Tenants.Include(t => t.Hosts).SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
            if (existing is { Status: not (TenantStatus.Provisioning or TenantStatus.Failed) })
                return (ProvisioningOutcome.AlreadyExists, existing.ToInfo());

            var takenHosts = await platform.TenantHosts
                .Where(h => hosts.Contains(h.Host) && (existing == null || h.TenantId != existing.Id))
                .Select(h => h.Host).ToListAsync(cancellationToken);
            if (takenHosts.Count > 0)
                throw new ProvisioningException($"le nom d'hôte « {takenHosts[0]} » est déjà utilisé par une autre commune");
            var sameCommune = await platform.Tenants.Where(t => t.InseeCode == town.Insee && t.Slug != slug).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
            if (sameCommune is not null)
                throw new ProvisioningException($"le code INSEE {town.Insee} est déjà celui de {sameCommune} : une commune n'a qu'un espace");

            var now = DateTimeOffset.UtcNow;
            var record = existing ?? new TenantRecord
            {
                Id = Uuid.NewDatabaseFriendly(Database.PostgreSql),
                Slug = slug,
                Name = town.Name!,
                SchemaName = TenantNames.SchemaFor(slug),
                InseeCode = town.Insee!,
                Recipe = recipe.Folder,
                CreatedAt = now,
            };
            record.Name = town.Name!;
            record.InseeCode = town.Insee!;
            record.Siret = town.Siret;
            record.Area = town.Area?.ToArea();
            record.ContactPhone = town.Contact?.Phone;
            record.ContactEmail = town.Contact?.Email;
            record.ContactAddress = town.Contact?.Address;
            record.Recipe = recipe.Folder;
            record.Status = TenantStatus.Provisioning;
            record.StatusReason = null;
            record.UpdatedAt = now;
            record.Hosts.Clear();
            record.Hosts.AddRange(hosts.Select(h => new TenantHostRecord { Host = h }));
            if (existing is null)
                platform.Tenants.Add(record);
            try
            {
                await platform.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                throw new ProvisioningException($"la commune « {slug} », l'un de ses noms d'hôte ou son code INSEE existe déjà", e);
            }
            tenant = record.ToInfo();
        }

        try
        {
            await CreateSchemaAsync(tenant, recipe, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reason = e.GetBaseException().Message;
            logger.LogError(e, "Échec de la mise en service de {Slug}", slug);
            await MarkFailedAsync(tenant.Id, reason);
            throw new ProvisioningException($"la mise en service de « {slug} » a échoué : {reason}. La commune est marquée en échec ; relancez la création ou supprimez-la.", e);
        }
        if (recipe.Town.Franceconnect is { } fc)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FranceConnectCredentialsStore>()
                .SetAsync(tenant.Id, fc.Environment!, fc.ClientId!, fc.ClientSecret!, cancellationToken);
        }
        return (ProvisioningOutcome.Created, tenant with { Status = TenantStatus.Active });
    }

    private async Task CreateSchemaAsync(TenantInfo tenant, TownRecipe recipe, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        var script = migrator.CreateSchemaScript(db);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A retry after a failure may find a leftover schema from an older code path: start clean.
        var recreate = SchemaSql.Recreate(tenant.SchemaName);
        await db.Database.ExecuteSqlRawAsync(recreate, cancellationToken);
        await TownSchemaMigrator.RunScriptAsync(db, script, cancellationToken);
        CatalogueSeeder.Seed(db, recipe);
        await db.SaveChangesAsync(cancellationToken);
        if (BeforeActivation is not null)
            await BeforeActivation(tenant);
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE platform.tenants SET status = 'Active', status_reason = NULL, updated_at = now() WHERE id = {0}",
            [tenant.Id], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task MarkFailedAsync(Guid tenantId, string reason)
    {
        await using var scope = scopes.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await platform.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, TenantStatus.Failed)
            .SetProperty(t => t.StatusReason, reason.Length > 1000 ? reason[..1000] : reason)
            .SetProperty(t => t.UpdatedAt, DateTimeOffset.UtcNow));
    }
}
