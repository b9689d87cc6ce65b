using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using GrcCloud.Host.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// Every day (and on demand): each billed town's state derived again from its invoices' due dates, as
/// Stripe's invoice.overdue needs an automation to be sent at all; operators warned by mail before a
/// suspension; suspension once the grace period and the warning have both run out.
/// </summary>
public sealed class BillingDailyJob(IServiceScopeFactory scopes, ILogger<BillingDailyJob> logger)
{
    public const string RecurringJobId = "billing-daily";

    public async Task RunAsync()
    {
        List<Guid> towns;
        await using (var scope = scopes.CreateAsyncScope())
            towns = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().TownBilling
                .Where(b => b.StripeSubscriptionId != null).Select(b => b.TenantId).ToListAsync();
        foreach (var tenantId in towns)
        {
            // One scope and transaction per town: one town's failure does not hold the others back.
            await using var scope = scopes.CreateAsyncScope();
            await EvaluateAsync(scope.ServiceProvider, tenantId);
        }
        logger.LogInformation("Facturation : {Count} commune(s) réexaminée(s)", towns.Count);
    }

    private static async Task EvaluateAsync(IServiceProvider services, Guid tenantId)
    {
        var db = services.GetRequiredService<PlatformDbContext>();
        var clock = services.GetRequiredService<BillingClock>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await services.GetRequiredService<BillingStateUpdater>().ApplyAsync(tenantId, default);
            await transaction.CommitAsync();
        }
        var billing = await db.TownBilling.SingleAsync(b => b.TenantId == tenantId);
        var settings = await db.BillingSettings.AsNoTracking().SingleAsync();
        var invoices = await db.BillingInvoices.AsNoTracking().Where(i => i.TenantId == tenantId).ToListAsync();
        var decision = BillingStates.Derive(true, invoices, clock.Now, settings.GraceDays, settings.WarningDays, billing.SuspensionWarnedAt);
        var warnedThisEpisode = billing.SuspensionWarnedAt is { } at && decision.LateSince is { } since && at >= since;
        if (decision.State != BillingState.PaymentLate || warnedThisEpisode || clock.Now < decision.WarnFrom)
            return;
        var town = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId);
        var suspendOn = BillingStates.Derive(true, invoices, clock.Now, settings.GraceDays, settings.WarningDays, clock.Now).SuspendFrom;
        await services.GetRequiredService<BillingWarnings>().SendAsync(town, invoices.Where(i => BillingStates.IsOverdue(i, clock.Now)).ToList(), suspendOn);
        // Recorded once sent: a failed mail fails the job, retried, and warns on the next run.
        billing.SuspensionWarnedAt = clock.Now;
        await db.SaveChangesAsync();
    }
}

/// <summary>The mail to the billing operators (administrators when there are none) before a town is suspended.</summary>
public sealed class BillingWarnings(PlatformDbContext db, IMailSender mail)
{
    public async Task SendAsync(TenantRecord town, IReadOnlyList<BillingInvoice> overdue, DateTimeOffset? suspendOn)
    {
        var recipients = await db.Users.Where(o => o.Role == OperatorRoles.Billing && o.Email != null).Select(o => o.Email!).ToListAsync();
        if (recipients.Count == 0)
            recipients = await db.Users.Where(o => o.Role == OperatorRoles.Administrator && o.Email != null).Select(o => o.Email!).ToListAsync();
        var lines = string.Join("\n", overdue.Select(i => $"  - facture {i.Number ?? i.StripeInvoiceId} : {Money.Format(i.AmountRemainingCents)} à payer, échue le {Money.Date(i.DueDate)}"));
        var body = $"""
            Bonjour,

            La commune de {town.Name} n'a pas réglé les factures suivantes :
            {lines}

            Sans paiement, elle sera suspendue pour défaut de paiement à partir du {Money.Date(suspendOn)} : son portail et son espace agents ne seront plus servis (ses données sont conservées).
            Un virement reçu s'enregistre dans la console : /facturation/communes/{town.Slug} (« Enregistrer un virement reçu »).
            Le délai de grâce se règle sur /facturation.

            GrcCloud
            """;
        foreach (var address in recipients)
            await mail.SendAsync(new OutgoingMail(address, null, "GrcCloud – facturation", $"Suspension prévue le {Money.Date(suspendOn)} : {town.Name} (facture impayée)", body));
    }
}
