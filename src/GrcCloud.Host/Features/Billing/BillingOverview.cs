using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Billing;

/// <summary>Every town's billing in a few words, for /facturation and the towns list (one query per table, no per-town call).</summary>
public sealed class BillingOverview(PlatformDbContext db, BillingClock clock)
{
    public sealed record TownLine(Guid TenantId, string Slug, string Name, string? PlanName, BillingState State, string StateLabel,
        long AmountDueCents, long OverdueCents, DateTimeOffset? LateSince, DateTimeOffset? SuspendFrom, DateTimeOffset? WarnedAt);

    /// <summary>Per town id: plan name and billing state label (the towns list's column).</summary>
    public async Task<IReadOnlyDictionary<Guid, (string? PlanName, string StateLabel)>> ForTownsAsync(CancellationToken cancellationToken = default) =>
        (await LinesAsync(cancellationToken)).ToDictionary(l => l.TenantId, l => (l.PlanName, l.StateLabel));

    public async Task<IReadOnlyList<TownLine>> LinesAsync(CancellationToken cancellationToken = default)
    {
        var towns = await db.Tenants.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Slug, t.Name, t.PlanId }).ToListAsync(cancellationToken);
        var billings = await db.TownBilling.AsNoTracking().ToDictionaryAsync(b => b.TenantId, cancellationToken);
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var open = (await db.BillingInvoices.AsNoTracking().Where(i => i.Status == "open").ToListAsync(cancellationToken)).ToLookup(i => i.TenantId);
        var settings = await db.BillingSettings.AsNoTracking().SingleAsync(cancellationToken);
        var now = clock.Now;
        return [.. towns.Select(t =>
        {
            var billing = billings.GetValueOrDefault(t.Id);
            var planId = billing?.PlanId ?? t.PlanId;
            var invoices = open[t.Id].ToList();
            var state = billing?.State ?? BillingState.NotBilled;
            var decision = billing is null ? null : BillingStates.Derive(billing.StripeSubscriptionId is not null, invoices, now, settings.GraceDays, settings.WarningDays, billing.SuspensionWarnedAt);
            return new TownLine(t.Id, t.Slug, t.Name, planId is { } id ? plans.GetValueOrDefault(id) : null, state, BillingStates.Label(state),
                invoices.Sum(i => i.AmountRemainingCents), invoices.Where(i => BillingStates.IsOverdue(i, now)).Sum(i => i.AmountRemainingCents),
                billing?.LateSince, state == BillingState.PaymentLate ? decision?.SuspendFrom : null, billing?.SuspensionWarnedAt);
        })];
    }

    public async Task<BillingSettings> SettingsAsync(CancellationToken cancellationToken = default) =>
        await db.BillingSettings.AsNoTracking().SingleAsync(cancellationToken);
}

/// <summary>The grace period and the warning delay, set by operators on /facturation.</summary>
public sealed class BillingDelays(PlatformDbContext db, GrcCloud.Host.Features.Operator.OperatorAudit audit, BillingClock clock)
{
    public async Task SaveAsync(int? graceDays, int? warningDays, BillingActor actor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (graceDays is not (>= 1 and <= 365))
            errors["GraceDays"] = "Le délai de grâce se compte en jours, de 1 à 365.";
        if (warningDays is not (>= 1 and <= 60))
            errors["WarningDays"] = "Le préavis se compte en jours, de 1 à 60.";
        else if (graceDays is { } grace && warningDays > grace)
            errors["WarningDays"] = "Le préavis ne peut pas dépasser le délai de grâce.";
        if (errors.Count > 0)
            throw new BillingRefusalException(errors);
        var settings = await db.BillingSettings.SingleAsync(cancellationToken);
        settings.GraceDays = graceDays!.Value;
        settings.WarningDays = warningDays!.Value;
        settings.UpdatedAt = clock.Now;
        await db.SaveChangesAsync(cancellationToken);
        var details = $"délai de grâce {settings.GraceDays} jours, préavis {settings.WarningDays} jours";
        if (actor.FromCommandLine)
            await audit.RecordCommandAsync(GrcCloud.Host.Features.Operator.OperatorActions.BillingSettingsChanged, null, details);
        else
            await audit.RecordAsync(GrcCloud.Host.Features.Operator.OperatorActions.BillingSettingsChanged, actor.OperatorId, actor.Email, null, details);
    }
}
