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
    /// <summary>Every pending one (the page lists the 200 oldest).</summary>
    public int PendingTotal { get; private set; }
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
        return new JsonResult(await Listed(PendingOnes()).CountAsync(cancellationToken));
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
        PendingTotal = await Listed(PendingOnes()).CountAsync(cancellationToken);
        Pending = await ItemsAsync(Listed(PendingOnes()).OrderBy(x => x.Validation.AskedAt).Take(200), cancellationToken);
        Decided = await ItemsAsync(Listed(Mine().Where(v => v.Decision != ValidationDecision.Pending)).OrderByDescending(x => x.Validation.DecidedAt).Take(20), cancellationToken);
    }

    /// <summary>This official's validations (every one for the supervisor).</summary>
    private IQueryable<ValidationRequest> Mine()
    {
        var me = Actor.Of(User).Id;
        var official = IsOfficial;
        return db.Validations.AsNoTracking().Where(v => !official || v.OfficialId == me);
    }

    private IQueryable<ValidationRequest> PendingOnes() => Mine().Where(v => v.Decision == ValidationDecision.Pending);

    /// <summary>With their request and official: what the page lists, and what its live count counts.</summary>
    private IQueryable<Listing> Listed(IQueryable<ValidationRequest> validations) => validations
        .Join(db.Requests.AsNoTracking(), v => v.RequestId, r => r.Id, (v, r) => new { v, r })
        .Join(db.Users.AsNoTracking(), x => x.v.OfficialId, u => u.Id, (x, u) => new Listing { Validation = x.v, Request = x.r, Official = u });

    private static async Task<IReadOnlyList<Item>> ItemsAsync(IQueryable<Listing> rows, CancellationToken cancellationToken) =>
        [.. (await rows.ToListAsync(cancellationToken)).Select(x => new Item(x.Validation, x.Request, x.Official.DisplayName))];

    private sealed class Listing
    {
        public required ValidationRequest Validation { get; init; }
        public required ServiceRequest Request { get; init; }
        public required TownUser Official { get; init; }
    }
}
