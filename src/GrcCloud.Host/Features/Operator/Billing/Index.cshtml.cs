using GrcCloud.Host.Features.Billing;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator.Billing;

/// <summary>Every town's billing state and amounts due; the grace period and the warning delay.</summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class IndexModel(BillingOverview overview, BillingDelays delays) : PageModel
{
    public IReadOnlyList<BillingOverview.TownLine> Towns { get; private set; } = [];
    public int GraceDays { get; private set; }
    public int WarningDays { get; private set; }
    public bool MayChange { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool enregistre = false)
    {
        Saved = enregistre;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostDelaysAsync(string? graceDays, string? warningDays)
    {
        if (!OperatorAccess.MayChange(User))
            return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            await delays.SaveAsync(Days(graceDays), Days(warningDays), BillingForms.Actor(User), HttpContext.RequestAborted);
            return RedirectToPage(new { enregistre = true });
        }
        catch (BillingRefusalException refusal)
        {
            BillingForms.AddErrors(ModelState, refusal);
            await LoadAsync();
            return Page();
        }
    }

    private static int? Days(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) ? days : null;

    private async Task LoadAsync()
    {
        MayChange = OperatorAccess.MayChange(User);
        Towns = await overview.LinesAsync(HttpContext.RequestAborted);
        var settings = await overview.SettingsAsync(HttpContext.RequestAborted);
        (GraceDays, WarningDays) = (settings.GraceDays, settings.WarningDays);
    }
}
