using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Host.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace GrcCloud.Host.Features.Billing;

/// <summary>Who acts: a signed-in operator (console, API) or the command line.</summary>
public sealed record BillingActor(Guid? OperatorId, string Email, bool FromCommandLine = false)
{
    public static readonly BillingActor CommandLine = new(null, "", true);
}

/// <summary>A town's billing as the console, the command line and the API show it.</summary>
public sealed record TownBillingView(
    TenantRecord Town, TownBilling? Billing, PlanRecord? Plan, IReadOnlyList<BillingInvoice> Invoices, BillingStates.Decision? Decision, DateTimeOffset Now)
{
    public BillingState State => Billing?.State ?? BillingState.NotBilled;
    public bool Started => Billing?.StripeSubscriptionId is not null;
}

/// <summary>
/// A town's billing: its details, starting it at Stripe (customer, subscription), its invoices,
/// their synchronisation and a transfer received outside Stripe. Shared by the console, the command
/// line and the operators' API. Each Stripe object is recorded as soon as it exists, so a failed start
/// is visible and resumes where it stopped.
/// </summary>
public sealed class TownBillingService(
    PlatformDbContext db, StripeClient stripe, StripeCatalogue catalogue, InvoiceMirror mirror, BillingStateUpdater states,
    OperatorAudit audit, BillingClock clock, IOptions<StripeOptions> options)
{
    public const int DaysUntilDue = 30;

    public async Task<TownBillingView> ViewAsync(string slug, CancellationToken cancellationToken)
    {
        var town = await TownAsync(slug, cancellationToken);
        var billing = await db.TownBilling.AsNoTracking().SingleOrDefaultAsync(b => b.TenantId == town.Id, cancellationToken);
        var planId = billing?.PlanId ?? town.PlanId;
        var plan = planId is null ? null : await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        var invoices = await db.BillingInvoices.AsNoTracking().Where(i => i.TenantId == town.Id).OrderByDescending(i => i.CreatedAt).ToListAsync(cancellationToken);
        var settings = await db.BillingSettings.AsNoTracking().SingleAsync(cancellationToken);
        var decision = billing is null ? null : BillingStates.Derive(billing.StripeSubscriptionId is not null, invoices, clock.Now, settings.GraceDays, settings.WarningDays, billing.SuspensionWarnedAt);
        return new TownBillingView(town, billing, plan, invoices, decision, clock.Now);
    }

    public sealed record Details(string? BillingEmail, string? Siret, string? AddressLine, string? PostalCode, string? City, string? ChorusServiceCode, string? ChorusCommitmentNumber, string? PlanCode);

    /// <summary>Saves the details invoices carry; once the customer exists at Stripe, it is updated too (a new numéro d'engagement each year).</summary>
    public async Task SaveDetailsAsync(string slug, Details details, BillingActor actor, CancellationToken cancellationToken)
    {
        var town = await db.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) ?? throw NotFound(slug);
        var billing = await db.TownBilling.SingleOrDefaultAsync(b => b.TenantId == town.Id, cancellationToken);
        var errors = new Dictionary<string, string>();
        var email = Clean(details.BillingEmail);
        if (email is not null && !EmailAddresses.IsValid(email))
            errors["BillingEmail"] = "Saisissez une adresse électronique valide (finances@mairie-exemple.fr).";
        var siret = Clean(details.Siret)?.Replace(" ", "", StringComparison.Ordinal);
        if (TownIdentifiers.CheckSiret(siret) is { } siretError)
            errors["Siret"] = char.ToUpperInvariant(siretError[0]) + siretError[1..] + ".";
        var postalCode = Clean(details.PostalCode);
        if (postalCode is not null && (postalCode.Length != 5 || !postalCode.All(char.IsAsciiDigit)))
            errors["PostalCode"] = "Le code postal compte 5 chiffres.";
        CheckLength(errors, "AddressLine", details.AddressLine, 200, "L'adresse");
        CheckLength(errors, "City", details.City, 100, "La ville");
        CheckLength(errors, "ChorusServiceCode", details.ChorusServiceCode, 100, "Le code service");
        CheckLength(errors, "ChorusCommitmentNumber", details.ChorusCommitmentNumber, 50, "Le numéro d'engagement");
        PlanRecord? plan = null;
        if (Clean(details.PlanCode) is { } code)
        {
            plan = await db.Plans.SingleOrDefaultAsync(p => p.Code == code, cancellationToken);
            if (plan is null || (plan.IsArchived && plan.Id != town.PlanId))
                errors["PlanCode"] = "Choisissez une formule proposée.";
            else if (billing?.StripeSubscriptionId is not null && plan.Id != billing.PlanId)
                errors["PlanCode"] = "La facturation est démarrée : la formule ne se change plus ici.";
        }
        if (errors.Count > 0)
            throw new BillingRefusalException(errors);

        town.Siret = siret;
        town.AddressLine = Clean(details.AddressLine);
        town.PostalCode = postalCode;
        town.City = Clean(details.City);
        town.ChorusServiceCode = Clean(details.ChorusServiceCode);
        town.ChorusCommitmentNumber = Clean(details.ChorusCommitmentNumber);
        if (plan is not null)
            town.PlanId = plan.Id;
        town.UpdatedAt = clock.Now;
        billing ??= db.TownBilling.Add(new TownBilling { TenantId = town.Id, StateSince = clock.Now }).Entity;
        billing.BillingEmail = email;
        billing.UpdatedAt = clock.Now;
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(actor, OperatorActions.BillingDetailsChanged, slug, null);
        if (billing.StripeCustomerId is { } customerId)
        {
            try
            {
                await stripe.V1.Customers.UpdateAsync(customerId, new CustomerUpdateOptions
                {
                    Email = email,
                    Address = Address(town),
                    InvoiceSettings = new CustomerInvoiceSettingsOptions { CustomFields = CustomFields(town) },
                }, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (BillingUnavailableException.IsStripeFailure(e))
            {
                throw new BillingUnavailableException("Coordonnées enregistrées ici, mais Stripe n'a pas pu être mis à jour : enregistrez-les de nouveau dans un instant.", e);
            }
        }
    }

    /// <summary>
    /// Starts billing: tax rate, plan prices, (test clock), customer, then the quarterly subscription
    /// (set-up fee on its first invoice, sent, payable in 30 days). Idempotent: a town already billed is
    /// left as it is; a start cut short resumes from what is recorded, with the same idempotency keys.
    /// </summary>
    public async Task<TownBillingView> StartAsync(string slug, BillingActor actor, CancellationToken cancellationToken)
    {
        EnsureEnabled();
        var town = await db.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) ?? throw NotFound(slug);
        var billing = await db.TownBilling.SingleOrDefaultAsync(b => b.TenantId == town.Id, cancellationToken);
        if (billing?.StripeSubscriptionId is not null)
            return await ViewAsync(slug, cancellationToken);
        var plan = town.PlanId is { } planId ? await db.Plans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken) : null;
        var errors = new Dictionary<string, string>();
        if (plan is null)
            errors["PlanCode"] = "Choisissez la formule de la commune avant de démarrer la facturation.";
        if (string.IsNullOrEmpty(town.Siret))
            errors["Siret"] = "Le SIRET de la commune est obligatoire sur ses factures (Chorus Pro).";
        if (string.IsNullOrEmpty(town.AddressLine) || string.IsNullOrEmpty(town.PostalCode) || string.IsNullOrEmpty(town.City))
            errors["AddressLine"] = "L'adresse postale de la mairie (adresse, code postal, ville) est obligatoire sur ses factures.";
        if (string.IsNullOrEmpty(billing?.BillingEmail))
            errors["BillingEmail"] = "L'adresse électronique de facturation est obligatoire : les factures y sont envoyées.";
        if (errors.Count > 0)
            throw new BillingRefusalException(errors);

        if (billing!.StartRequestedAt is null)
        {
            billing.StartRequestedAt = clock.Now;
            await db.SaveChangesAsync(cancellationToken);
            await RecordAsync(actor, OperatorActions.BillingStarted, slug, $"formule {plan!.Name}");
        }
        try
        {
            var taxRate = await catalogue.TaxRateAsync(plan!.VatRatePercent, cancellationToken);
            var prices = await catalogue.PricesAsync(plan, cancellationToken);
            var prefix = $"town-{town.Id}";
            if (options.Value.UseTestClocks && billing.StripeTestClockId is null)
            {
                var testClock = await stripe.V1.TestHelpers.TestClocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions
                {
                    FrozenTime = billing.StartRequestedAt.Value.UtcDateTime,
                    Name = town.Slug,
                }, Keys.Request($"{prefix}-test-clock"), cancellationToken);
                billing.StripeTestClockId = testClock.Id;
                await db.SaveChangesAsync(cancellationToken);
            }
            if (billing.StripeCustomerId is null)
            {
                var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
                {
                    Name = $"Commune de {town.Name}",
                    Email = billing.BillingEmail,
                    Address = Address(town),
                    PreferredLocales = ["fr"],
                    Metadata = new Dictionary<string, string> { ["tenant_id"] = town.Id.ToString(), ["slug"] = town.Slug, ["siret"] = town.Siret!, ["insee"] = town.InseeCode },
                    InvoiceSettings = new CustomerInvoiceSettingsOptions { CustomFields = CustomFields(town) },
                    TestClock = billing.StripeTestClockId,
                }, Keys.Request($"{prefix}-customer"), cancellationToken);
                billing.StripeCustomerId = customer.Id;
                await db.SaveChangesAsync(cancellationToken);
            }
            // A subscription made earlier whose answer was lost (and whose key expired) is found, never made twice.
            var existing = (await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = billing.StripeCustomerId }, cancellationToken: cancellationToken))
                .Data.FirstOrDefault(s => s.Status != "canceled" && s.Metadata?.GetValueOrDefault("tenant_id") == town.Id.ToString());
            var subscription = existing ?? await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
            {
                Customer = billing.StripeCustomerId,
                CollectionMethod = "send_invoice",
                DaysUntilDue = DaysUntilDue,
                Items = [new SubscriptionItemOptions { Price = prices.QuarterlyPriceId }],
                AddInvoiceItems = [new SubscriptionAddInvoiceItemOptions { Price = prices.SetupPriceId }],
                DefaultTaxRates = [taxRate],
                Metadata = new Dictionary<string, string> { ["tenant_id"] = town.Id.ToString(), ["plan"] = plan.Code },
            }, Keys.Request($"{prefix}-subscription-{plan.Id}"), cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            billing.StripeSubscriptionId = subscription.Id;
            billing.PlanId = plan.Id;
            await db.SaveChangesAsync(cancellationToken);
            var invoices = await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id }, cancellationToken: cancellationToken);
            foreach (var invoice in invoices.Data)
                await mirror.UpsertAsync(town.Id, invoice, cancellationToken);
            await states.ApplyAsync(town.Id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (BillingUnavailableException.IsStripeFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw BillingUnavailableException.From(e);
        }
        return await ViewAsync(slug, cancellationToken);
    }

    /// <summary>Reads the town's invoices (and subscription) from Stripe, for an event that never came.</summary>
    public async Task<TownBillingView> SyncAsync(string slug, BillingActor actor, CancellationToken cancellationToken)
    {
        EnsureEnabled();
        var town = await TownAsync(slug, cancellationToken);
        var billing = await db.TownBilling.SingleOrDefaultAsync(b => b.TenantId == town.Id, cancellationToken);
        if (billing?.StripeCustomerId is null)
            throw new BillingRefusalException("", "La facturation de cette commune n'est pas démarrée : rien à synchroniser.");
        try
        {
            var invoices = await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = billing.StripeCustomerId, Limit = 100 }, cancellationToken: cancellationToken);
            var subscriptions = billing.StripeSubscriptionId is null
                ? await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = billing.StripeCustomerId }, cancellationToken: cancellationToken)
                : null;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var invoice in invoices.Data)
                await mirror.UpsertAsync(town.Id, invoice, cancellationToken);
            billing.StripeSubscriptionId ??= subscriptions?.Data.FirstOrDefault(s => s.Status != "canceled")?.Id;
            billing.LastSyncedAt = clock.Now;
            await db.SaveChangesAsync(cancellationToken);
            await states.ApplyAsync(town.Id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (BillingUnavailableException.IsStripeFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw BillingUnavailableException.From(e);
        }
        await RecordAsync(actor, OperatorActions.BillingSynced, slug, null);
        return await ViewAsync(slug, cancellationToken);
    }

    /// <summary>A bank transfer received for an open invoice: marked paid at Stripe (paid out of band), the town's state follows.</summary>
    public async Task<BillingInvoice> RecordTransferAsync(string invoiceId, BillingActor actor, CancellationToken cancellationToken)
    {
        EnsureEnabled();
        var row = await db.BillingInvoices.AsNoTracking().SingleOrDefaultAsync(i => i.StripeInvoiceId == invoiceId, cancellationToken)
            ?? throw new BillingRefusalException("InvoiceId", "Facture inconnue : synchronisez la commune ou vérifiez son identifiant (in_…).");
        if (row.Status != "open")
            throw new BillingRefusalException("InvoiceId", $"La facture {row.Number ?? invoiceId} n'est pas à payer (elle est {BillingStates.InvoiceLabel(row, clock.Now)}) : aucun virement à enregistrer.");
        var town = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == row.TenantId, cancellationToken);
        Invoice paid;
        try
        {
            paid = await stripe.V1.Invoices.PayAsync(invoiceId, new InvoicePayOptions { PaidOutOfBand = true }, Keys.Request($"invoice-{invoiceId}-paid-out-of-band"), cancellationToken);
        }
        catch (StripeException e) when (e.StripeError?.Code == "invoice_not_open")
        {
            paid = await stripe.V1.Invoices.GetAsync(invoiceId, cancellationToken: cancellationToken); // paid meanwhile: take Stripe's word
        }
        catch (Exception e) when (BillingUnavailableException.IsStripeFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw BillingUnavailableException.From(e);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await mirror.UpsertAsync(town.Id, paid, cancellationToken);
        updated.PaidOutOfBand = paid.Status == "paid";
        await db.SaveChangesAsync(cancellationToken);
        await states.ApplyAsync(town.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RecordAsync(actor, OperatorActions.TransferRecorded, town.Slug, $"facture {updated.Number ?? invoiceId} ({Money.Format(updated.TotalCents)})");
        return updated;
    }

    private void EnsureEnabled()
    {
        if (!options.Value.Enabled)
            throw new BillingRefusalException("", "La facturation est désactivée sur cette plateforme (GrcCloud:Stripe:Enabled=false).");
    }

    private async Task<TenantRecord> TownAsync(string slug, CancellationToken cancellationToken) =>
        await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) ?? throw NotFound(slug);

    private static BillingRefusalException NotFound(string slug) => new("slug", $"Commune « {slug} » inconnue.");

    private Task RecordAsync(BillingActor actor, string action, string? slug, string? details) => actor.FromCommandLine
        ? audit.RecordCommandAsync(action, slug, details)
        : audit.RecordAsync(action, actor.OperatorId, actor.Email, slug, details);

    private static AddressOptions Address(TenantRecord town) => new() { Line1 = town.AddressLine, PostalCode = town.PostalCode, City = town.City, Country = "FR" };

    /// <summary>Printed on every invoice: what Chorus Pro and the town's accountant look for.</summary>
    private static List<CustomerInvoiceSettingsCustomFieldOptions> CustomFields(TenantRecord town)
    {
        var fields = new List<CustomerInvoiceSettingsCustomFieldOptions>();
        if (town.Siret is { Length: > 0 } siret)
            fields.Add(new() { Name = "SIRET", Value = siret });
        if (town.ChorusServiceCode is { Length: > 0 } service)
            fields.Add(new() { Name = "Code service", Value = service });
        if (town.ChorusCommitmentNumber is { Length: > 0 } commitment)
            fields.Add(new() { Name = "N° d'engagement", Value = commitment });
        return fields;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void CheckLength(Dictionary<string, string> errors, string field, string? value, int max, string label)
    {
        if (value is not null && value.Trim().Length > max)
            errors[field] = $"{label} compte au plus {max} caractères.";
    }
}
