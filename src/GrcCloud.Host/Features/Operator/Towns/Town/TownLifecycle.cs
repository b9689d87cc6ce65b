using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Towns.Town;

/// <summary>
/// A town's life after its creation: suspended and resumed, cancelled (its data exported and kept),
/// reactivated while its data is still there, purged after the retention delay. Every step saves the
/// registry (whose triggers tell every instance at once) and writes the operators' journal.
/// </summary>
public sealed class TownLifecycle(PlatformDbContext db, TownExports exports, RetentionOptions retention, OperatorAudit audit, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    public async Task<TownActionResult> SuspendAsync(string slug, string? reason, TownActor actor, CancellationToken cancellationToken = default)
    {
        var (town, refusal) = await FindAsync(slug, actor, cancellationToken);
        if (town is null)
            return refusal!;
        if (town.Status != TenantStatus.Active)
            return TownActionResult.Refused(TownFields.Whole, $"La commune est {TownStatusLabels.Of(town.Status)} : seule une commune active se suspend.");
        if (CheckReason(reason, "de la suspension") is { } error)
            return error;
        town.Status = TenantStatus.Suspended;
        town.StatusReason = reason!.Trim();
        await SaveAsync(town, actor, OperatorActions.TownSuspended, $"motif : {town.StatusReason}", cancellationToken);
        return TownActionResult.Done();
    }

    public async Task<TownActionResult> ResumeAsync(string slug, TownActor actor, CancellationToken cancellationToken = default)
    {
        var (town, refusal) = await FindAsync(slug, actor, cancellationToken);
        if (town is null)
            return refusal!;
        if (town.Status != TenantStatus.Suspended)
            return TownActionResult.Refused(TownFields.Whole, $"La commune est {TownStatusLabels.Of(town.Status)} : seule une commune suspendue se remet en service.");
        var previous = town.StatusReason;
        town.Status = TenantStatus.Active;
        town.StatusReason = null;
        await SaveAsync(town, actor, OperatorActions.TownResumed, previous is null ? null : $"motif levé : {previous}", cancellationToken);
        return TownActionResult.Done();
    }

    /// <summary>
    /// Cancels an active or suspended town: it is no longer served (a "portail fermé" page), its data is
    /// exported at once and kept, and its schema may be purged after the retention delay. The status is
    /// saved first, so no one writes while the export reads; an export that fails is said, and redone from
    /// the town's page or with <c>tenants export</c> (purging waits for one).
    /// </summary>
    public async Task<TownActionResult> CancelAsync(string slug, string? reason, TownActor actor, CancellationToken cancellationToken = default)
    {
        var (town, refusal) = await FindAsync(slug, actor, cancellationToken);
        if (town is null)
            return refusal!;
        if (town.Status is not (TenantStatus.Active or TenantStatus.Suspended))
            return TownActionResult.Refused(TownFields.Whole, $"La commune est {TownStatusLabels.Of(town.Status)} : seule une commune active ou suspendue se résilie.");
        if (CheckReason(reason, "de la résiliation") is { } error)
            return error;
        var now = clock.GetUtcNow();
        town.Status = TenantStatus.Cancelled;
        town.StatusReason = reason!.Trim();
        town.CancelledAt = now;
        town.PurgeAfter = now.AddDays(retention.CancelledTownDays);
        await SaveAsync(town, actor, OperatorActions.TownCancelled,
            $"motif : {town.StatusReason} ; suppression des données possible à partir du {Day(town.PurgeAfter)}", cancellationToken);

        var (export, _) = await exports.ExportAsync(town, actor, cancellationToken);
        return export.Succeeded
            ? TownActionResult.Done(export.Warning)
            : TownActionResult.Done($"Commune résiliée, mais l'export de ses données a échoué : relancez-le. {export.FirstError}");
    }

    /// <summary>A cancelled town comes back as it was, as long as its data has not been purged (even after the delay).</summary>
    public async Task<TownActionResult> ReactivateAsync(string slug, TownActor actor, CancellationToken cancellationToken = default)
    {
        var (town, refusal) = await FindAsync(slug, actor, cancellationToken);
        if (town is null)
            return refusal!;
        if (town.Status != TenantStatus.Cancelled || town.PurgedAt is not null)
            return TownActionResult.Refused(TownFields.Whole, town.PurgedAt is not null
                ? "Les données de cette commune ont été supprimées : elle ne peut plus être réactivée."
                : $"La commune est {TownStatusLabels.Of(town.Status)} : seule une commune résiliée se réactive.");
        var previous = town.StatusReason;
        town.Status = TenantStatus.Active;
        town.StatusReason = null;
        town.CancelledAt = null;
        town.PurgeAfter = null;
        await SaveAsync(town, actor, OperatorActions.TownReactivated, previous is null ? null : $"résiliation levée : {previous}", cancellationToken);
        return TownActionResult.Done();
    }

    /// <summary>
    /// Drops a cancelled town's schema for good: after the retention delay, once an export is on disk, and
    /// with the town's slug typed again. The registry row stays (status cancelled, purge date) so the
    /// journal and invoices still name the town; its custom domains are freed and its FranceConnect credentials deleted.
    /// </summary>
    public async Task<TownActionResult> PurgeAsync(string slug, string? confirmation, TownActor actor, CancellationToken cancellationToken = default)
    {
        var (town, refusal) = await FindAsync(slug, actor, cancellationToken);
        if (town is null)
            return refusal!;
        if (await PurgeRefusalAsync(town, cancellationToken) is { } reason)
            return TownActionResult.Refused(TownFields.Whole, reason);
        if (!string.Equals(confirmation?.Trim(), town.Slug, StringComparison.Ordinal))
            return TownActionResult.Refused(TownFields.Confirmation, $"Pour confirmer, saisissez exactement l'identifiant de la commune : {town.Slug}.");

        var hosts = await db.TenantHosts.Where(h => h.TenantId == town.Id).ToListAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(Data.Towns.SchemaSql.Drop(town.SchemaName), cancellationToken);
            await db.FranceConnectCredentials.Where(c => c.TenantId == town.Id).ExecuteDeleteAsync(cancellationToken);
            db.TenantHosts.RemoveRange(hosts);
            town.PurgedAt = clock.GetUtcNow();
            town.UpdatedAt = town.PurgedAt.Value;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or DbUpdateException)
        {
            // One transaction: nothing was dropped nor changed.
            return TownActionResult.Refused(TownFields.Whole, $"La suppression n'a pas abouti ({e.GetBaseException().Message}) : rien n'a été supprimé, réessayez.");
        }
        await TownJournal.RecordAsync(audit, actor, OperatorActions.TownPurged, town.Slug,
            $"schéma {town.SchemaName} supprimé" + (hosts.Count == 0 ? "" : $" ; domaines libérés : {string.Join(", ", hosts.Select(h => h.Host))}"));
        return TownActionResult.Done();
    }

    /// <summary>Why the town cannot be purged now (null when it can): for the page and the command.</summary>
    public async Task<string?> PurgeRefusalAsync(TenantRecord town, CancellationToken cancellationToken = default)
    {
        if (town.PurgedAt is not null)
            return $"Les données de la commune ont déjà été supprimées le {Day(town.PurgedAt)}.";
        if (town.Status != TenantStatus.Cancelled || town.PurgeAfter is null)
            return "Seule une commune résiliée peut être supprimée définitivement.";
        if (clock.GetUtcNow() < town.PurgeAfter)
            return $"Le délai de conservation court jusqu'au {Day(town.PurgeAfter)} : la suppression n'est possible qu'après.";
        var files = await db.TownExports.AsNoTracking().Where(e => e.TenantId == town.Id && e.Kind == TownExportKinds.Portable).Select(e => e.Path).ToListAsync(cancellationToken);
        if (!files.Any(File.Exists))
            return "Aucun export des données de la commune n'est disponible : exportez-les avant de les supprimer.";
        return null;
    }

    private async Task<(TenantRecord? Town, TownActionResult? Refusal)> FindAsync(string slug, TownActor actor, CancellationToken cancellationToken)
    {
        if (!actor.MayAct)
            return (null, TownActionResult.Forbidden);
        var town = await db.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        return town is null ? (null, TownActionResult.NotFound) : (town, null);
    }


    /// <summary>« 01/03/2027 », the day in Paris.</summary>
    private static string Day(DateTimeOffset? at) =>
        at is { } value ? GrcCloud.Host.Features.Shared.ParisTime.Local(value).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) : "";

    private static TownActionResult? CheckReason(string? reason, string what) =>
        string.IsNullOrWhiteSpace(reason) ? TownActionResult.Refused(TownFields.Reason, $"Indiquez le motif {what}.")
        : reason.Trim().Length > MaxReasonLength ? TownActionResult.Refused(TownFields.Reason, $"Le motif compte {MaxReasonLength} caractères au plus.")
        : null;

    private async Task SaveAsync(TenantRecord town, TownActor actor, string action, string? details, CancellationToken cancellationToken)
    {
        town.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await TownJournal.RecordAsync(audit, actor, action, town.Slug, details);
    }
}
