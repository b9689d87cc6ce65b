using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// The one place a town's billing state is decided, from the invoices as they are now (never from the
/// order events came in): an open invoice past its due date makes the payment late; late longer than
/// the grace period, and warned, the town is suspended for non-payment; every overdue invoice paid, it
/// is active again.
/// </summary>
public static class BillingStates
{
    public const string SuspensionReason = "Suspendue pour défaut de paiement";

    public sealed record Decision(BillingState State, DateTimeOffset? LateSince, DateTimeOffset? WarnFrom, DateTimeOffset? SuspendFrom);

    /// <summary>
    /// Suspension comes at the later of "late since + grace" and "warned + warning days": the
    /// operators always get their warning before a town is suspended, even if the daily job was down.
    /// </summary>
    public static Decision Derive(bool billed, IEnumerable<BillingInvoice> invoices, DateTimeOffset now, int graceDays, int warningDays, DateTimeOffset? warnedAt)
    {
        var list = invoices.ToList();
        if (!billed && list.Count == 0)
            return new Decision(BillingState.NotBilled, null, null, null);
        var lateSince = list.Where(i => IsOverdue(i, now)).Min(i => i.DueDate);
        if (lateSince is null)
            return new Decision(BillingState.Active, null, null, null);
        var graceEnd = lateSince.Value.AddDays(graceDays);
        var warnFrom = graceEnd.AddDays(-warningDays);
        var warned = warnedAt is { } at && at >= lateSince.Value ? at : (DateTimeOffset?)null;
        var suspendFrom = warned is { } w ? Max(graceEnd, w.AddDays(warningDays)) : (DateTimeOffset?)null;
        var state = suspendFrom is { } s && now >= s ? BillingState.Suspended : BillingState.PaymentLate;
        return new Decision(state, lateSince, warnFrom, suspendFrom ?? graceEnd);
    }

    public static bool IsOverdue(BillingInvoice invoice, DateTimeOffset now) =>
        invoice.Status == "open" && invoice.DueDate is { } due && due < now;

    public static string Label(BillingState state) => state switch
    {
        BillingState.Active => "À jour",
        BillingState.PaymentLate => "Paiement en retard",
        BillingState.Suspended => "Suspendue pour défaut de paiement",
        _ => "Non facturée",
    };

    /// <summary>An invoice's status in French: brouillon, à payer, en retard, payée, annulée, irrécouvrable.</summary>
    public static string InvoiceLabel(BillingInvoice invoice, DateTimeOffset now) => invoice.Status switch
    {
        "draft" => "brouillon",
        "open" => IsOverdue(invoice, now) ? "en retard" : "à payer",
        "paid" => "payée",
        "void" => "annulée",
        "uncollectible" => "irrécouvrable",
        _ => invoice.Status,
    };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>Applies <see cref="BillingStates.Derive"/> to a town, inside the caller's transaction (the town's billing row is locked).</summary>
public sealed class BillingStateUpdater(PlatformDbContext db, BillingClock clock)
{
    public const string SystemActor = "système (facturation)";

    public async Task<(TownBilling Billing, BillingStates.Decision Decision)> ApplyAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        // One writer at a time per town (webhooks, daily job, console): the row lock orders them.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM platform.town_billing WHERE tenant_id = {tenantId} FOR UPDATE", cancellationToken);
        var billing = await db.TownBilling.SingleAsync(b => b.TenantId == tenantId, cancellationToken);
        await db.Entry(billing).ReloadAsync(cancellationToken);
        var settings = await db.BillingSettings.AsNoTracking().SingleAsync(cancellationToken);
        var invoices = await db.BillingInvoices.Where(i => i.TenantId == tenantId).ToListAsync(cancellationToken);
        // Invoices added in this unit of work but not saved yet count too.
        invoices = [.. invoices.UnionBy(db.ChangeTracker.Entries<BillingInvoice>().Where(e => e.Entity.TenantId == tenantId).Select(e => e.Entity), i => i.StripeInvoiceId)];
        var now = clock.Now;
        var decision = BillingStates.Derive(billing.StripeSubscriptionId is not null, invoices, now, settings.GraceDays, settings.WarningDays, billing.SuspensionWarnedAt);
        var town = await db.Tenants.SingleAsync(t => t.Id == tenantId, cancellationToken);

        if (decision.State != billing.State)
        {
            billing.State = decision.State;
            billing.StateSince = now;
        }
        if (billing.LateSince != decision.LateSince)
        {
            billing.LateSince = decision.LateSince;
            if (decision.LateSince is null)
                billing.SuspensionWarnedAt = null; // a new late episode gets its own warning
        }
        if (decision.State == BillingState.Suspended && town.Status == TenantStatus.Active)
        {
            town.Status = TenantStatus.Suspended;
            town.StatusReason = BillingStates.SuspensionReason;
            town.UpdatedAt = now;
            billing.SuspendedByBilling = true;
            Audit(OperatorActions.BillingSuspended, town.Slug, $"facture impayée depuis le {Money.Date(decision.LateSince)}");
        }
        else if (decision.State is BillingState.Active or BillingState.NotBilled && billing.SuspendedByBilling)
        {
            // Only a town billing suspended, still suspended for that reason: never one an operator suspended.
            if (town.Status == TenantStatus.Suspended && town.StatusReason == BillingStates.SuspensionReason)
            {
                town.Status = TenantStatus.Active;
                town.StatusReason = null;
                town.UpdatedAt = now;
                Audit(OperatorActions.BillingResumed, town.Slug, "factures en retard réglées");
            }
            billing.SuspendedByBilling = false;
        }
        billing.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (billing, decision);
    }

    private void Audit(string action, string slug, string details) => db.OperatorAudit.Add(new OperatorAuditEntry
    {
        At = clock.Now,
        OperatorEmail = SystemActor,
        Action = action,
        TownSlug = slug,
        Details = details,
    });
}

/// <summary>Billing's notion of now: the tests move it with a Stripe test clock instead of waiting a quarter.</summary>
public sealed class BillingClock(TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();
}
