using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>
/// A creation's progress: complete on every load (a reload follows it without script); a small
/// script asks the state handler every second and announces each step in the status region.
/// </summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class RunModel(TownCreation creation, TenancyOptions tenancy) : PageModel
{
    public ProvisioningRunRecord Run { get; private set; } = null!;
    public TownCreationRequest Asked { get; private set; } = new();
    public bool MayRetry { get; private set; }
    public bool Retried { get; private set; }
    public bool Finished => Run.Status is ProvisioningRunStatus.Succeeded or ProvisioningRunStatus.Failed;
    public string PortalUrl => tenancy.PublicOrigin(Run.Slug) + "/";
    public string BackOfficeUrl => tenancy.PublicOrigin(Run.Slug) + "/agents";

    public async Task<IActionResult> OnGetAsync(Guid id, bool relancee = false)
    {
        if (!await LoadAsync(id))
            return NotFound();
        Retried = relancee;
        return Page();
    }

    /// <summary>The state as JSON, for the page's script.</summary>
    public async Task<IActionResult> OnGetStateAsync(Guid id)
    {
        var run = await creation.GetRunAsync(id, HttpContext.RequestAborted);
        if (run is null)
            return NotFound();
        return new JsonResult(new { status = run.Status.ToString().ToLowerInvariant(), step = run.Step, stepCount = run.StepCount, text = StatusText(run) });
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id)
    {
        if (!OperatorAccess.IsAdministrator(User))
            return StatusCode(StatusCodes.Status403Forbidden);
        if (!await LoadAsync(id))
            return NotFound();
        if (!await creation.RetryAsync(id, new TownCreationRequester(OperatorAccess.Id(User), OperatorAccess.Email(User)), HttpContext.RequestAborted))
        {
            ModelState.AddModelError("", "Cette création n'est pas en échec : il n'y a rien à relancer.");
            return Page();
        }
        return Redirect($"/communes/creations/{id}?relancee=true");
    }

    /// <summary>What the status region says: « Étape 2 sur 5 : Création du schéma », « Terminé »…</summary>
    public static string StatusText(ProvisioningRunRecord run) => run.Status switch
    {
        ProvisioningRunStatus.Queued => "En attente de démarrage.",
        ProvisioningRunStatus.Running => $"Étape {run.Step} sur {run.StepCount} : {run.StepLabel}.",
        ProvisioningRunStatus.Succeeded => "Terminé : la commune est en service.",
        _ => $"Échec à l'étape {run.Step} sur {run.StepCount} ({run.StepLabel}).",
    };

    private async Task<bool> LoadAsync(Guid id)
    {
        var run = await creation.GetRunAsync(id, HttpContext.RequestAborted);
        if (run is null)
            return false;
        Run = run;
        Asked = System.Text.Json.JsonSerializer.Deserialize<TownCreationRequest>(run.Request) ?? new();
        MayRetry = OperatorAccess.IsAdministrator(User) && run.Status == ProvisioningRunStatus.Failed;
        return true;
    }
}
