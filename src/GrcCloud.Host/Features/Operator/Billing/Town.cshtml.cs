using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Billing;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator.Billing;

/// <summary>A town's billing: details printed on invoices, start, invoices, synchronisation, transfers received.</summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class TownModel(TownBillingService billing, PlanCatalogue plans) : PageModel
{
    public TownBillingView View { get; private set; } = null!;
    public IReadOnlyList<PlanRecord> Plans { get; private set; } = [];
    public bool MayChange { get; private set; }
    public string? Done { get; private set; }
    public string? Failure { get; private set; }

    [BindProperty] public string? BillingEmail { get; set; }
    [BindProperty] public string? Siret { get; set; }
    [BindProperty] public string? AddressLine { get; set; }
    [BindProperty] public string? PostalCode { get; set; }
    [BindProperty] public string? City { get; set; }
    [BindProperty] public string? ChorusServiceCode { get; set; }
    [BindProperty] public string? ChorusCommitmentNumber { get; set; }
    [BindProperty] public string? PlanCode { get; set; }

    /// <summary>What the redirect after an action says, by code (never text from the address).</summary>
    private static readonly Dictionary<string, string> Outcomes = new(StringComparer.Ordinal)
    {
        ["coordonnees"] = "Coordonnées de facturation enregistrées.",
        ["demarree"] = "Facturation démarrée : la première facture est envoyée à la commune.",
        ["synchronisee"] = "Factures relues chez Stripe.",
        ["virement"] = "Virement enregistré : la facture est payée.",
    };

    public async Task<IActionResult> OnGetAsync(string slug, string? fait)
    {
        Done = fait is null ? null : Outcomes.GetValueOrDefault(fait);
        if (!await LoadAsync(slug))
            return NotFound();
        var town = View.Town;
        (BillingEmail, Siret, AddressLine, PostalCode, City) = (View.Billing?.BillingEmail, town.Siret, town.AddressLine, town.PostalCode, town.City);
        (ChorusServiceCode, ChorusCommitmentNumber, PlanCode) = (town.ChorusServiceCode, town.ChorusCommitmentNumber, View.Plan?.Code);
        return Page();
    }

    public Task<IActionResult> OnPostDetailsAsync(string slug) => ActAsync(slug, "coordonnees", () =>
        billing.SaveDetailsAsync(slug, new TownBillingService.Details(BillingEmail, Siret, AddressLine, PostalCode, City, ChorusServiceCode, ChorusCommitmentNumber, PlanCode), Actor, Aborted));

    public Task<IActionResult> OnPostStartAsync(string slug) => ActAsync(slug, "demarree", () => billing.StartAsync(slug, Actor, Aborted));

    public Task<IActionResult> OnPostSyncAsync(string slug) => ActAsync(slug, "synchronisee", () => billing.SyncAsync(slug, Actor, Aborted));

    public Task<IActionResult> OnPostTransferAsync(string slug, string? invoiceId) => ActAsync(slug, "virement", async () =>
    {
        var view = await billing.ViewAsync(slug, Aborted);
        // Only an invoice of this town, from this town's page.
        if (invoiceId is null || view.Invoices.All(i => i.StripeInvoiceId != invoiceId))
            throw new BillingRefusalException("InvoiceId", "Cette facture n'est pas une facture de la commune.");
        await billing.RecordTransferAsync(invoiceId, Actor, Aborted);
    });

    private BillingActor Actor => BillingForms.Actor(User);
    private CancellationToken Aborted => HttpContext.RequestAborted;

    private async Task<IActionResult> ActAsync(string slug, string done, Func<Task> action)
    {
        if (!OperatorAccess.MayChange(User))
            return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            await action();
            return RedirectToPage(new { slug, fait = done });
        }
        catch (BillingRefusalException refusal) when (!refusal.Errors.ContainsKey("slug"))
        {
            BillingForms.AddErrors(ModelState, refusal);
        }
        catch (BillingRefusalException)
        {
            return NotFound();
        }
        catch (BillingUnavailableException unavailable)
        {
            Failure = unavailable.Message;
        }
        return await LoadAsync(slug) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string slug)
    {
        MayChange = OperatorAccess.MayChange(User);
        try
        {
            View = await billing.ViewAsync(slug, Aborted);
        }
        catch (BillingRefusalException)
        {
            return false;
        }
        Plans = [.. (await plans.ListAsync(Aborted)).Where(p => !p.IsArchived || p.Id == View.Plan?.Id)];
        return true;
    }
}
