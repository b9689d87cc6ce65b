using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Data.Towns;

public sealed record TownMigrationResult(string Slug, bool Succeeded, string? Error);

/// <summary>Creates and migrates town schemas, one town at a time.</summary>
public sealed class TownSchemaMigrator(IServiceScopeFactory scopes)
{
    private string? _createScript;

    /// <summary>Migrates the platform schema, then every town that has a schema. A town that fails is reported and the others go on; a rerun resumes where each town stands.</summary>
    public async Task<IReadOnlyList<TownMigrationResult>> MigrateAllAsync(Action<TownMigrationResult>? progress = null, CancellationToken cancellationToken = default)
    {
        await MigratePlatformAsync(cancellationToken);
        List<TenantInfo> towns;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var records = await platform.Tenants.AsNoTracking().Include(t => t.Hosts)
                .Where(t => t.Status != TenantStatus.Provisioning && t.Status != TenantStatus.Failed)
                .OrderBy(t => t.CreatedAt).ThenBy(t => t.Slug)
                .ToListAsync(cancellationToken);
            towns = [.. records.Select(r => r.ToInfo())];
        }

        var results = new List<TownMigrationResult>();
        foreach (var town in towns)
        {
            TownMigrationResult result;
            try
            {
                await MigrateTownAsync(town, cancellationToken);
                result = new(town.Slug, true, null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = new(town.Slug, false, e.GetBaseException().Message);
            }
            results.Add(result);
            progress?.Invoke(result);
        }
        return results;
    }

    public async Task MigratePlatformAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Applies the town migrations not yet applied in this town's schema (each migration in its own transaction).</summary>
    public async Task MigrateTownAsync(TenantInfo town, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTownScope(town);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// The whole town schema as one SQL script (tables and migration history), without transaction
    /// statements, so provisioning can run it inside its own transaction with the seed data.
    /// </summary>
    public string CreateSchemaScript(TenantDbContext db) =>
        _createScript ??= db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.NoTransactions);

    /// <summary>
    /// Runs SQL exactly as written in the context's current transaction. Not ExecuteSqlRaw: it reads
    /// "{" and "}" as format items, so a migration with a JSON or array literal broke provisioning.
    /// </summary>
    public static async Task RunScriptAsync(TenantDbContext db, string sql, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
