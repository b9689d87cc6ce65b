using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.BackOffice.Workflow;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Requests.Forms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Inputs = GrcCloud.Host.Features.BackOffice.Workflow.RequestWorkflow.Inputs;

namespace GrcCloud.Host.Features.BackOffice.Requests;

/// <summary>
/// A request in the back-office, open to the supervisor and to the agents of its service only: its
/// data, the resident's contact, the timeline (public and internal apart) and one small form per
/// workflow action. Each action posts, and on success comes back here with its message.
/// </summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
[RequestSizeLimit(55 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 55 * 1024 * 1024)]
public sealed class RequestDetailModel(TenantDbContext db, RequestWorkflow workflow, ReplyTemplates replyTemplates, AuditLog audit, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    public RequestFile View { get; private set; } = null!;
    public IReadOnlyList<FilledTemplate> Templates { get; private set; } = [];
    /// <summary>Text put in an action's field: a chosen reply template.</summary>
    public Dictionary<string, string> Prefill { get; } = [];
    /// <summary>The actions are shown to whom may act (not the read-only function, not an official asked to validate).</summary>
    public bool MayAct { get; private set; }
    /// <summary>Who reads without acting, and why: an elected official (asked to validate, or no longer), or the read-only function.</summary>
    public bool ReadsAsOfficial => !MayAct && User.IsInRole(AgentRoles.ElectedOfficial);
    /// <summary>The validation of this request that waits for the official reading it (of the service or not): she decides on the validations page.</summary>
    public ValidationRequest? AwaitingMyDecision { get; private set; }
    /// <summary>Set when the agent's action sent the request out of their services (a transfer).</summary>
    public string? HandedOver { get; private set; }
    [TempData(Key = "succes")]
    public string? Success { get; set; }

    public async Task<IActionResult> OnGetAsync(string reference, Guid? modele, CancellationToken cancellationToken)
    {
        if (await FindAsync(reference, cancellationToken) is { } refused)
            return refused;
        await LoadAsync(cancellationToken);
        if (modele is not null && Templates.SingleOrDefault(t => t.Id == modele) is { } template)
            PrefillFrom(template);
        await audit.RecordNowAsync(User, AuditAction.RequestViewed, reference, cancellationToken: cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostPrendreAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, id => workflow.TakeAsync(User, id, ct), ct);

    public Task<IActionResult> OnPostAttribuerAsync(string reference, [FromForm(Name = Inputs.Assignee)] Guid? assignee, CancellationToken ct) =>
        ActAsync(reference, id => workflow.AssignAsync(User, id, assignee, ct), ct);

    public Task<IActionResult> OnPostTransfererAsync(string reference, [FromForm(Name = Inputs.Service)] Guid? service, [FromForm(Name = Inputs.TransferReason)] string? reason, CancellationToken ct) =>
        ActAsync(reference, id => workflow.TransferAsync(User, id, service, reason, ct), ct);

    public Task<IActionResult> OnPostEtatAsync(string reference, [FromForm(Name = Inputs.Status)] string? status, [FromForm(Name = Inputs.StatusMessage)] string? message, CancellationToken ct) =>
        ActAsync(reference, id => workflow.ChangeStatusAsync(User, id, status, message, ct), ct);

    public Task<IActionResult> OnPostNoteAsync(string reference, [FromForm(Name = Inputs.Note)] string? text, CancellationToken ct) =>
        ActAsync(reference, id => workflow.AddNoteAsync(User, id, text, ct), ct);

    public Task<IActionResult> OnPostAppelAsync(string reference, [FromForm(Name = Inputs.CallTime)] string? when, [FromForm(Name = Inputs.CallOutcome)] string? outcome,
        [FromForm(Name = Inputs.CallNote)] string? note, CancellationToken ct) =>
        ActAsync(reference, id => workflow.LogCallAsync(User, id, when, outcome, note, ct), ct);

    public Task<IActionResult> OnPostVisiteAsync(string reference, [FromForm(Name = Inputs.VisitDate)] string? when, [FromForm(Name = Inputs.VisitAgent)] Guid? visitor, CancellationToken ct) =>
        ActAsync(reference, id => workflow.ScheduleVisitAsync(User, id, when, visitor, ct), ct);

    public Task<IActionResult> OnPostConstatAsync(string reference, [FromForm(Name = Inputs.VisitFindings)] string? findings, CancellationToken ct) =>
        ActAsync(reference, async id =>
        {
            var (photos, error) = await UploadedAttachments.ReadAsync(Request.Form.Files.GetFiles(Inputs.VisitPhotos), 10, ct);
            return error is not null ? WorkflowResult.Refused(Inputs.VisitPhotos, error) : await workflow.RecordVisitAsync(User, id, findings, photos, ct);
        }, ct);

    public Task<IActionResult> OnPostInformationAsync(string reference, [FromForm(Name = Inputs.InformationMessage)] string? message, CancellationToken ct) =>
        ActAsync(reference, id => workflow.AskInformationAsync(User, id, message, ct), ct);

    public Task<IActionResult> OnPostValidationAsync(string reference, [FromForm(Name = Inputs.Official)] Guid? official, [FromForm(Name = Inputs.Question)] string? question, CancellationToken ct) =>
        ActAsync(reference, id => workflow.AskValidationAsync(User, id, official, question, ct), ct);

    public Task<IActionResult> OnPostRepondreAsync(string reference, [FromForm(Name = Inputs.Outcome)] string? outcome, [FromForm(Name = Inputs.Reply)] string? reply, CancellationToken ct) =>
        ActAsync(reference, id => workflow.AnswerAsync(User, id, outcome, reply, ct), ct);

    public Task<IActionResult> OnPostCloturerAsync(string reference, [FromForm(Name = Inputs.CloseMessage)] string? message, CancellationToken ct) =>
        ActAsync(reference, id => workflow.CloseAsync(User, id, message, ct), ct);

    public Task<IActionResult> OnPostRouvrirAsync(string reference, [FromForm(Name = Inputs.ReopenReason)] string? reason, CancellationToken ct) =>
        ActAsync(reference, id => workflow.ReopenAsync(User, id, reason, ct), ct);

    /// <summary>
    /// Runs one action: another service's request is refused before anything is read from the form;
    /// success comes back to the page with its message; a refusal shows the page with the errors next
    /// to their fields and what was typed.
    /// </summary>
    private async Task<IActionResult> ActAsync(string reference, Func<Guid, Task<WorkflowResult>> action, CancellationToken cancellationToken)
    {
        if (await FindAsync(reference, cancellationToken) is { } refused)
            return refused;
        if (!MayAct)
            return Forbid();
        var result = await action(View.Request.Id);
        switch (result.Outcome)
        {
            case WorkflowOutcome.Done when await StillOpensAsync(View.Request.Id, cancellationToken):
                Success = result.Message;
                return RedirectToPage(new { reference });
            case WorkflowOutcome.Done:
                HandedOver = result.Message; // transferred out of the agent's services: nothing more to show
                return Page();
            case WorkflowOutcome.Forbidden:
                return Forbid();
            case WorkflowOutcome.NotFound:
                return NotFound();
        }
        foreach (var (field, message) in result.Errors)
            ModelState.AddModelError(field, message);
        await FindAsync(reference, cancellationToken); // what a colleague may have just changed
        await LoadAsync(cancellationToken);
        Response.StatusCode = result.Outcome == WorkflowOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> StillOpensAsync(Guid requestId, CancellationToken cancellationToken) =>
        await authorization.MayAsync(User, await db.Requests.Where(r => r.Id == requestId).Select(r => new RequestResource(r.Id, r.ServiceId, r.ResidentId)).SingleAsync(cancellationToken), RequestOperations.Read);

    /// <summary>Null when the request exists and the agent may open it; otherwise "not found" or "forbidden".</summary>
    private async Task<IActionResult?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().Include(r => r.Events.OrderBy(e => e.At)).SingleOrDefaultAsync(r => r.Reference == reference, cancellationToken);
        if (request is null)
            return NotFound();
        if (!await authorization.MayAsync(User, RequestResource.Of(request), RequestOperations.Read))
            return Forbid();
        MayAct = await authorization.MayAsync(User, RequestResource.Of(request), RequestOperations.Act);
        View = new RequestFile { Request = request };
        return null;
    }

    /// <summary>A plain 403 (the cookie scheme's "forbid" would redirect to the sign-in page).</summary>
    private new static ObjectResult Forbid() => new(null) { StatusCode = StatusCodes.Status403Forbidden };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await View.LoadAsync(db, workflow, clock, cancellationToken);
        Templates = await replyTemplates.ForAsync(View.Request, cancellationToken);
        var me = Actor.Of(User).Id;
        AwaitingMyDecision = User.IsInRole(AgentRoles.ElectedOfficial) ? View.Validations.FirstOrDefault(v => v.Decision == ValidationDecision.Pending && v.OfficialId == me) : null;
    }

    private void PrefillFrom(FilledTemplate template)
    {
        var field = template.Status switch
        {
            RequestStatus.Resolved or RequestStatus.Rejected => Inputs.Reply,
            RequestStatus.AwaitingResident => Inputs.InformationMessage,
            RequestStatus.Closed => Inputs.CloseMessage,
            _ => Inputs.StatusMessage,
        };
        Prefill[field] = template.Body;
        if (template.Status is RequestStatus.Resolved or RequestStatus.Rejected)
            Prefill[Inputs.Outcome] = RequestWorkflow.Outcomes.Single(o => o.Value == template.Status).Key;
        else if (RequestWorkflow.SettableStatuses.Contains(template.Status))
            Prefill[Inputs.Status] = template.Status.ToString();
    }
}
