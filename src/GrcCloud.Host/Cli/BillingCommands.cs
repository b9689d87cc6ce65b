using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using GrcCloud.Host.Features.Billing;
using static GrcCloud.Host.Cli.AdminCommands;

namespace GrcCloud.Host.Cli;

/// <summary><c>grccloud billing …</c>: the console's billing actions, through the same services.</summary>
public static class BillingCommands
{
    public static void Add(RootCommand root)
    {
        var billing = new Command("billing", "Facturation des communes (Stripe).");
        root.Subcommands.Add(billing);

        var plans = new Command("plans", "Formules : frais de mise en service et prix trimestriel, TVA 20 %.");
        billing.Subcommands.Add(plans);
        var list = new Command("list", "Liste les formules.");
        list.SetAction((r, ct) => Run(async (sp, c) =>
        {
            var all = await sp.GetRequiredService<PlanCatalogue>().ListAsync(c);
            CliOutput.Write(r, all.Select(PlanJson).ToList(), () =>
            {
                foreach (var plan in all)
                    Console.WriteLine($"{plan.Code,-16} {PlanCatalogue.Describe(plan)}{(plan.IsDefault ? " (par défaut)" : "")}{(plan.IsArchived ? " (archivée)" : "")}");
            });
        }, ct));
        plans.Subcommands.Add(list);

        var code = new Option<string>("--code") { Description = "Code de la formule (ex. reference)", Required = true };
        var name = new Option<string>("--name") { Description = "Nom de la formule", Required = true };
        var setup = new Option<string>("--setup-fee") { Description = "Frais de mise en service en euros (ex. 5500,00)", Required = true };
        var quarterly = new Option<string>("--quarterly-fee") { Description = "Prix par trimestre en euros (ex. 500,00)", Required = true };
        var excludingVat = new Option<bool>("--excluding-vat") { Description = "Les montants sont hors taxes (par défaut : TTC)" };
        var isDefault = new Option<bool>("--default") { Description = "Proposée par défaut aux nouvelles communes" };
        var create = new Command("create", "Crée une formule.") { code, name, setup, quarterly, excludingVat, isDefault };
        create.SetAction((r, ct) => Run(async (sp, c) =>
        {
            var plan = await sp.GetRequiredService<PlanCatalogue>().CreateAsync(Input(r, code, name, setup, quarterly, excludingVat, isDefault), BillingActor.CommandLine, c);
            CliOutput.Write(r, PlanJson(plan), () => Console.WriteLine($"Formule créée : {PlanCatalogue.Describe(plan)}."));
        }, ct));
        plans.Subcommands.Add(create);
        var edit = new Command("edit", "Modifie une formule (les abonnements en cours gardent leur prix).") { code, name, setup, quarterly, excludingVat, isDefault };
        edit.SetAction((r, ct) => Run(async (sp, c) =>
        {
            var plan = await sp.GetRequiredService<PlanCatalogue>().EditAsync(r.GetValue(code)!, Input(r, code, name, setup, quarterly, excludingVat, isDefault), BillingActor.CommandLine, c);
            CliOutput.Write(r, PlanJson(plan), () => Console.WriteLine($"Formule modifiée : {PlanCatalogue.Describe(plan)}."));
        }, ct));
        plans.Subcommands.Add(edit);
        var archiveCode = new Option<string>("--code") { Description = "Code de la formule", Required = true };
        var archive = new Command("archive", "Archive une formule : plus proposée aux nouvelles communes, gardée par celles qui l'ont.") { archiveCode };
        archive.SetAction((r, ct) => Run(async (sp, c) =>
        {
            var plan = await sp.GetRequiredService<PlanCatalogue>().ArchiveAsync(r.GetValue(archiveCode)!, BillingActor.CommandLine, c);
            CliOutput.Write(r, PlanJson(plan), () => Console.WriteLine($"Formule archivée : {PlanCatalogue.Describe(plan)}."));
        }, ct));
        plans.Subcommands.Add(archive);

        var slug = new Option<string>("--slug") { Description = "Identifiant de la commune", Required = true };
        var start = new Command("start", "Démarre la facturation d'une commune (client et abonnement Stripe ; sans effet si elle est déjà démarrée).") { slug };
        start.SetAction((r, ct) => Run(async (sp, c) =>
        {
            var view = await sp.GetRequiredService<TownBillingService>().StartAsync(r.GetValue(slug)!, BillingActor.CommandLine, c);
            CliOutput.Write(r, TownJson(view), () => Console.WriteLine($"Facturation de « {view.Town.Slug} » démarrée : client {view.Billing?.StripeCustomerId}, abonnement {view.Billing?.StripeSubscriptionId}."));
        }, ct));
        billing.Subcommands.Add(start);

        var detailsSlug = new Option<string>("--slug") { Description = "Identifiant de la commune", Required = true };
        var billingEmail = new Option<string?>("--billing-email") { Description = "Adresse où la commune reçoit ses factures" };
        var siret = new Option<string?>("--siret") { Description = "SIRET de la commune (14 chiffres)" };
        var addressLine = new Option<string?>("--address") { Description = "Adresse postale de la mairie" };
        var postalCode = new Option<string?>("--postal-code") { Description = "Code postal (5 chiffres)" };
        var city = new Option<string?>("--city") { Description = "Ville" };
        var chorusService = new Option<string?>("--chorus-service-code") { Description = "Code service Chorus Pro" };
        var chorusCommitment = new Option<string?>("--chorus-commitment-number") { Description = "Numéro d'engagement Chorus Pro" };
        var planCode = new Option<string?>("--plan") { Description = "Code de la formule" };
        var details = new Command("details", "Enregistre les coordonnées de facturation d'une commune (les options omises gardent leur valeur).")
            { detailsSlug, billingEmail, siret, addressLine, postalCode, city, chorusService, chorusCommitment, planCode };
        details.SetAction((r, ct) => Run(async (sp, c) =>
        {
            var service = sp.GetRequiredService<TownBillingService>();
            var now = await service.ViewAsync(r.GetValue(detailsSlug)!, c);
            await service.SaveDetailsAsync(now.Town.Slug, new TownBillingService.Details(
                r.GetValue(billingEmail) ?? now.Billing?.BillingEmail, r.GetValue(siret) ?? now.Town.Siret, r.GetValue(addressLine) ?? now.Town.AddressLine,
                r.GetValue(postalCode) ?? now.Town.PostalCode, r.GetValue(city) ?? now.Town.City, r.GetValue(chorusService) ?? now.Town.ChorusServiceCode,
                r.GetValue(chorusCommitment) ?? now.Town.ChorusCommitmentNumber, r.GetValue(planCode) ?? now.Plan?.Code), BillingActor.CommandLine, c);
            WriteTown(r, await service.ViewAsync(r.GetValue(detailsSlug)!, c));
        }, ct));
        billing.Subcommands.Add(details);

        var invoices = new Command("invoices", "Liste les factures d'une commune et son état de facturation.") { slug };
        invoices.SetAction((r, ct) => Run(async (sp, c) => WriteTown(r, await sp.GetRequiredService<TownBillingService>().ViewAsync(r.GetValue(slug)!, c)), ct));
        billing.Subcommands.Add(invoices);

        var sync = new Command("sync", "Relit chez Stripe les factures d'une commune.") { slug };
        sync.SetAction((r, ct) => Run(async (sp, c) => WriteTown(r, await sp.GetRequiredService<TownBillingService>().SyncAsync(r.GetValue(slug)!, BillingActor.CommandLine, c)), ct));
        billing.Subcommands.Add(sync);

        var invoice = new Option<string>("--invoice") { Description = "Identifiant Stripe de la facture (in_…)", Required = true };
        var transfer = new Command("record-transfer", "Enregistre un virement reçu pour une facture à payer (payée hors Stripe).") { invoice };
        transfer.SetAction((r, ct) => Run(async (sp, c) =>
        {
            var paid = await sp.GetRequiredService<TownBillingService>().RecordTransferAsync(r.GetValue(invoice)!, BillingActor.CommandLine, c);
            CliOutput.Write(r, InvoiceJson(paid, sp.GetRequiredService<TimeProvider>().GetUtcNow()), () => Console.WriteLine($"Virement enregistré : facture {paid.Number} ({Money.Format(paid.TotalCents)}) payée."));
        }, ct));
        billing.Subcommands.Add(transfer);
    }

    private static PlanCatalogue.PlanInput Input(ParseResult r, Option<string> code, Option<string> name, Option<string> setup, Option<string> quarterly, Option<bool> excludingVat, Option<bool> isDefault) =>
        new(r.GetValue(code), r.GetValue(name), r.GetValue(setup), r.GetValue(quarterly), !r.GetValue(excludingVat), r.GetValue(isDefault));

    /// <summary>Runs in a scope; a refusal or Stripe's failure becomes the command line's one-line refusal.</summary>
    private static Task<int> Run(Func<IServiceProvider, CancellationToken, Task> action, CancellationToken cancellationToken) =>
        WithServicesAsync(async (services, ct) =>
        {
            await services.GetRequiredService<GrcCloud.Data.Towns.TownSchemaMigrator>().MigratePlatformAsync(ct);
            await using var scope = services.CreateAsyncScope();
            try
            {
                await action(scope.ServiceProvider, ct);
            }
            catch (BillingRefusalException refusal)
            {
                throw new CommandException(string.Join(" ; ", refusal.Errors.Select(e => e.Key.Length == 0 ? e.Value : $"{e.Key} : {e.Value}")));
            }
            catch (BillingUnavailableException unavailable)
            {
                throw new CommandException(unavailable.Message);
            }
            return 0;
        }, cancellationToken);

    private static void WriteTown(ParseResult parse, TownBillingView view) => CliOutput.Write(parse, TownJson(view), () =>
    {
        Console.WriteLine($"{view.Town.Name} : {BillingStates.Label(view.State)} ; formule {view.Plan?.Name ?? "aucune"}");
        foreach (var i in view.Invoices)
            Console.WriteLine($"  {i.StripeInvoiceId,-28} {i.Number ?? "—",-14} {Money.Format(i.TotalCents),14} {BillingStates.InvoiceLabel(i, view.Now),-10} échéance {Money.Date(i.DueDate)}  {i.PdfUrl}");
    });

    private static object PlanJson(PlanRecord p) => new
    {
        p.Code, p.Name, SetupFeeExcludingVatCents = p.SetupFeeCents, SetupFeeIncludingVatCents = p.IncludingVat(p.SetupFeeCents),
        QuarterlyFeeExcludingVatCents = p.QuarterlyFeeCents, QuarterlyFeeIncludingVatCents = p.IncludingVat(p.QuarterlyFeeCents), p.VatRatePercent, p.IsDefault, p.IsArchived,
    };

    private static object TownJson(TownBillingView view) => new
    {
        view.Town.Slug, State = view.State, StateLabel = BillingStates.Label(view.State), Plan = view.Plan?.Code,
        view.Billing?.StripeCustomerId, view.Billing?.StripeSubscriptionId, view.Billing?.LateSince, SuspendFrom = view.State == BillingState.PaymentLate ? view.Decision?.SuspendFrom : null,
        Invoices = view.Invoices.Select(i => InvoiceJson(i, view.Now)).ToList(),
    };

    private static object InvoiceJson(BillingInvoice i, DateTimeOffset now) => new
    {
        Id = i.StripeInvoiceId, i.Number, i.Status, StatusLabel = BillingStates.InvoiceLabel(i, now), TotalIncludingVatCents = i.TotalCents,
        AmountRemainingCents = i.AmountRemainingCents, i.PeriodStart, i.PeriodEnd, i.DueDate, i.PaidAt, i.PaidOutOfBand, i.PdfUrl,
    };
}
