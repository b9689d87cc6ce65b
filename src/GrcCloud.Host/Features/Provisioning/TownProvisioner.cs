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

/// <summary>A step of provisioning as it starts (1-based); <see cref="Town"/> once the registry entry exists.</summary>
public sealed record ProvisioningStep(int Number, string Label, TenantInfo? Town);

/// <summary>What the console adds to a recipe: the town's id chosen in advance, its billing details and who supervises it.</summary>
public sealed record TownRegistration(Guid TownId, Guid? PlanId, string? AddressLine, string? PostalCode, string? City, string? SupervisorEmail);

/// <summary>Options of <see cref="TownProvisioner.ProvisionAsync(TownRecipe, ProvisioningOptions, CancellationToken)"/>.</summary>
public sealed record ProvisioningOptions(TownRegistration? Registration = null, Func<ProvisioningStep, Task>? Progress = null);

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
public sealed class TownProvisioner(IServiceScopeFactory scopes, TownSchemaMigrator migrator, TimeProvider clock, ILogger<TownProvisioner> logger)
{
    /// <summary>For tests: runs inside the step-2 transaction, just before the town goes active.</summary>
    internal Func<TenantInfo, Task>? BeforeActivation { get; set; }

    /// <summary>The steps' labels, in order, as the progress callback reports them.</summary>
    public static readonly IReadOnlyList<string> Steps = ["Inscription de la commune", "Création du schéma", "Catalogue", "Mise en service"];

    public Task<(ProvisioningOutcome Outcome, TenantInfo Town)> ProvisionAsync(TownRecipe recipe, CancellationToken cancellationToken = default) =>
        ProvisionAsync(recipe, new ProvisioningOptions(), cancellationToken);

    public async Task<(ProvisioningOutcome Outcome, TenantInfo Town)> ProvisionAsync(TownRecipe recipe, ProvisioningOptions options, CancellationToken cancellationToken = default)
    {
        var registration = options.Registration;
        var progress = options.Progress ?? (_ => Task.CompletedTask);
        await progress(new ProvisioningStep(1, Steps[0], null));
        var town = recipe.Town;
        var slug = town.Slug!;
        var hosts = (town.Hosts ?? []).Distinct(StringComparer.Ordinal).ToList();

        TenantInfo tenant;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var existing = await platform.Tenants.Include(t => t.Hosts).SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
            if (existing is not null && registration is not null && existing.Id != registration.TownId)
                throw new ProvisioningException($"l'identifiant « {slug} » est déjà celui d'une autre commune");
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

            var now = clock.GetUtcNow();
            var record = existing ?? new TenantRecord
            {
                Id = registration?.TownId ?? Uuid.NewDatabaseFriendly(Database.PostgreSql),
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
            if (registration is not null)
            {
                record.AddressLine = registration.AddressLine;
                record.PostalCode = registration.PostalCode;
                record.City = registration.City;
                record.SupervisorEmail = registration.SupervisorEmail;
                record.PlanId = registration.PlanId;
            }
            // A town made without a plan (a demo town, the command line without --plan) is on the default one.
            record.PlanId ??= await platform.Plans.Where(p => p.IsDefault && !p.IsArchived).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
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
            await progress(new ProvisioningStep(2, Steps[1], tenant));
            await CreateSchemaAsync(tenant, recipe, progress, cancellationToken);
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

    private async Task CreateSchemaAsync(TenantInfo tenant, TownRecipe recipe, Func<ProvisioningStep, Task> progress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTownScope(tenant);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        var script = migrator.CreateSchemaScript(db);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A retry after a failure may find a leftover schema from an older code path: start clean.
        var recreate = SchemaSql.Recreate(tenant.SchemaName);
        await db.Database.ExecuteSqlRawAsync(recreate, cancellationToken);
        await TownSchemaMigrator.RunScriptAsync(db, script, cancellationToken);
        await progress(new ProvisioningStep(3, Steps[2], tenant));
        CatalogueSeeder.Seed(db, recipe);
        await db.SaveChangesAsync(cancellationToken);
        await progress(new ProvisioningStep(4, Steps[3], tenant));
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
            .SetProperty(t => t.UpdatedAt, clock.GetUtcNow()));
    }
}
