using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Workflow;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Validations;

/// <summary>
/// The elected official's queue: the decisions agents asked them to validate, each with what the
/// request says, to approve or refuse with a comment. The supervisor sees every pending one, read only.
/// </summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class ValidationsModel(TenantDbContext db, RequestWorkflow workflow) : PageModel
{
    public sealed record Item(ValidationRequest Validation, ServiceRequest Request, string OfficialName);

    public IReadOnlyList<Item> Pending { get; private set; } = [];
    public IReadOnlyList<Item> Decided { get; private set; } = [];
    public bool IsOfficial => User.IsInRole(AgentRoles.ElectedOfficial);
    [TempData(Key = "succes")]
    public string? Success { get; set; }

    /// <summary>Each validation's inputs carry its id, so an error shows in its own form only.</summary>
    public static string Input(Guid validation, string name) => $"v{validation:N}.{name}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!IsOfficial && !User.IsInRole(AgentRoles.Supervisor))
            return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>How many decisions wait for this person: the live script compares it with the page's.</summary>
    public async Task<IActionResult> OnGetEnAttenteAsync(CancellationToken cancellationToken)
    {
        if (!IsOfficial && !User.IsInRole(AgentRoles.Supervisor))
            return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        var me = Actor.Of(User).Id;
        return new JsonResult(await db.Validations.CountAsync(v => v.Decision == ValidationDecision.Pending && (!IsOfficial || v.OfficialId == me), cancellationToken));
    }

    public async Task<IActionResult> OnPostAsync(Guid validation, CancellationToken cancellationToken)
    {
        var result = await workflow.DecideValidationAsync(User, validation,
            Request.Form[Input(validation, "decision")].FirstOrDefault(), Request.Form[Input(validation, "commentaire")].FirstOrDefault(), cancellationToken);
        switch (result.Outcome)
        {
            case WorkflowOutcome.Done:
                Success = result.Message;
                return RedirectToPage();
            case WorkflowOutcome.NotFound:
                return NotFound();
            case WorkflowOutcome.Forbidden:
                return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        }
        foreach (var (field, message) in result.Errors)
            ModelState.AddModelError(field.Length == 0 ? "" : Input(validation, field), message);
        await LoadAsync(cancellationToken);
        Response.StatusCode = result.Outcome == WorkflowOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = Actor.Of(User).Id;
        var mine = db.Validations.AsNoTracking().Where(v => IsOfficial ? v.OfficialId == me : true);
        Pending = await ItemsAsync(mine.Where(v => v.Decision == ValidationDecision.Pending).OrderBy(v => v.AskedAt).Take(200), cancellationToken);
        Decided = await ItemsAsync(mine.Where(v => v.Decision != ValidationDecision.Pending).OrderByDescending(v => v.DecidedAt).Take(20), cancellationToken);
    }

    private async Task<IReadOnlyList<Item>> ItemsAsync(IQueryable<ValidationRequest> validations, CancellationToken cancellationToken)
    {
        var rows = await validations
            .Join(db.Requests.AsNoTracking(), v => v.RequestId, r => r.Id, (v, r) => new { v, r })
            .Join(db.Users.AsNoTracking(), x => x.v.OfficialId, u => u.Id, (x, u) => new { x.v, x.r, u })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new Item(x.v, x.r, x.u.DisplayName))];
    }
}
