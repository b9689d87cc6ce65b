using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Billing;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator.Billing;

/// <summary>The plans: list, create, edit (amounts typed including or excluding VAT), archive.</summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class PlansModel(PlanCatalogue plans) : PageModel
{
    public IReadOnlyList<PlanRecord> Plans { get; private set; } = [];
    public PlanRecord? Editing { get; private set; }
    public bool MayChange { get; private set; }
    public string? Done { get; private set; }

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? SetupFee { get; set; }
    [BindProperty] public string? QuarterlyFee { get; set; }
    /// <summary>"ttc" (default) or "ht": what the two amounts typed include.</summary>
    [BindProperty] public string? Amounts { get; set; }
    [BindProperty] public string? IsDefault { get; set; }

    public async Task OnGetAsync(string? modifier, string? fait, string? formule)
    {
        await LoadAsync(modifier);
        // The outcome by code and the plan by its code: no text from the address is shown.
        if (Plans.FirstOrDefault(p => p.Code == formule) is { } done && fait is "creee" or "modifiee" or "archivee")
            Done = $"Formule « {done.Name} » {fait switch { "creee" => "créée", "modifiee" => "modifiée", _ => "archivée" }}.";
        if (Editing is not null)
        {
            (Code, Name, IsDefault, Amounts) = (Editing.Code, Editing.Name, Editing.IsDefault ? "true" : null, "ttc");
            (SetupFee, QuarterlyFee) = (Money.Input(Editing.IncludingVat(Editing.SetupFeeCents)), Money.Input(Editing.IncludingVat(Editing.QuarterlyFeeCents)));
        }
    }

    public Task<IActionResult> OnPostCreateAsync() => ActAsync(null, () => plans.CreateAsync(Input(), BillingForms.Actor(User), HttpContext.RequestAborted), "creee");

    public Task<IActionResult> OnPostEditAsync(string? modifier) =>
        ActAsync(modifier, () => plans.EditAsync(modifier ?? "", Input(), BillingForms.Actor(User), HttpContext.RequestAborted), "modifiee");

    public Task<IActionResult> OnPostArchiveAsync(string? formule) =>
        ActAsync(null, () => plans.ArchiveAsync(formule ?? "", BillingForms.Actor(User), HttpContext.RequestAborted), "archivee");

    private PlanCatalogue.PlanInput Input() => new(Code, Name, SetupFee, QuarterlyFee, Amounts != "ht", IsDefault == "true");

    private async Task<IActionResult> ActAsync(string? editing, Func<Task<PlanRecord>> action, string what)
    {
        if (!OperatorAccess.MayChange(User))
            return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            var plan = await action();
            return RedirectToPage(new { fait = what, formule = plan.Code });
        }
        catch (BillingRefusalException refusal)
        {
            BillingForms.AddErrors(ModelState, refusal);
            await LoadAsync(editing);
            return Page();
        }
    }

    private async Task LoadAsync(string? editing)
    {
        MayChange = OperatorAccess.MayChange(User);
        Plans = await plans.ListAsync(HttpContext.RequestAborted);
        Editing = editing is null ? null : Plans.FirstOrDefault(p => p.Code == editing);
    }
}
