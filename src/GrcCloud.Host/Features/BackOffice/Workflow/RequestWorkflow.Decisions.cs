using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Requests;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Workflow;

/// <summary>The end of a request: the public answer (resolved or rejected), closing, reopening.</summary>
public sealed partial class RequestWorkflow
{
    /// <summary>The answer's outcomes as the form posts them.</summary>
    public static readonly IReadOnlyDictionary<string, RequestStatus> Outcomes = new Dictionary<string, RequestStatus>
    {
        ["traitee"] = RequestStatus.Resolved,
        ["refusee"] = RequestStatus.Rejected,
    };

    /// <summary>
    /// Resolves or rejects with a public reply (required). A theme whose decisions an elected official
    /// validates cannot be answered before an approved validation.
    /// </summary>
    public async Task<WorkflowResult> AnswerAsync(ClaimsPrincipal agent, Guid requestId, string? outcome, string? reply, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.Answer) is { } wrong)
            return wrong;
        var errors = new Dictionary<string, string>();
        var target = RequestStatus.Resolved;
        if (outcome is null || !Outcomes.TryGetValue(outcome, out target))
            errors[Inputs.Outcome] = "Indiquez si la demande est traitée ou refusée.";
        if (RequireText(reply, Inputs.Reply, "la réponse faite à l'habitant") is { } missing)
            errors[Inputs.Reply] = missing.Errors[Inputs.Reply];
        if (errors.Count > 0)
            return WorkflowResult.Refused(errors);
        if (await NeedsApprovalAsync(request, cancellationToken))
            return WorkflowResult.Refused(Inputs.Reply, "Cette démarche demande la validation d'un élu : demandez-la et attendez son approbation avant de répondre.");

        if (request.Answer(target, clock.GetUtcNow()) is { IsDone: false } refused)
            return Refusal(request, refused);
        var me = Actor.Of(agent);
        var kind = target == RequestStatus.Resolved ? RequestEventKind.Resolved : RequestEventKind.Rejected;
        var heading = target == RequestStatus.Resolved ? "Votre demande a été traitée" : "Votre demande a été refusée";
        timeline.Stage(request.Id, kind, $"{heading} : {reply!.Trim()}", me.Id, me.Name);
        return await SaveAsync(agent, request, target == RequestStatus.Resolved ? AuditAction.RequestResolved : AuditAction.RequestRejected, null, $"Réponse envoyée ; demande « {RequestLabels.Status(target)} ».", cancellationToken);
    }

    /// <summary>The theme asks for an elected official's validation and the last decision taken is not an approval.</summary>
    private async Task<bool> NeedsApprovalAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        if (!await db.Themes.AnyAsync(t => t.Id == request.ThemeId && t.RequiresValidation, cancellationToken))
            return false;
        var last = await db.Validations.AsNoTracking().Where(v => v.RequestId == request.Id && v.Decision != ValidationDecision.Pending)
            .OrderByDescending(v => v.DecidedAt).Select(v => (ValidationDecision?)v.Decision).FirstOrDefaultAsync(cancellationToken);
        return last != ValidationDecision.Approved;
    }

    /// <summary>Closes an answered request; the date it was answered is kept.</summary>
    public async Task<WorkflowResult> CloseAsync(ClaimsPrincipal agent, Guid requestId, string? message, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.Close) is { } wrong)
            return wrong;
        if (LimitText(message, Inputs.CloseMessage) is { } tooLong)
            return tooLong;
        if (request.Close(clock.GetUtcNow()) is { IsDone: false } refused)
            return Refusal(request, refused);
        var me = Actor.Of(agent);
        timeline.Stage(request.Id, RequestEventKind.Closed, "Votre demande est clôturée." + (Clean(message) is { } m ? $" {m}" : ""), me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestClosed, null, "Demande clôturée.", cancellationToken);
    }

    /// <summary>Reopens an answered or closed request: back in progress; the reason stays internal.</summary>
    public async Task<WorkflowResult> ReopenAsync(ClaimsPrincipal agent, Guid requestId, string? reason, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.Reopen) is { } wrong)
            return wrong;
        if (RequireText(reason, Inputs.ReopenReason, "le motif de la réouverture") is { } missing)
            return missing;
        if (request.Reopen() is { IsDone: false } refused)
            return Refusal(request, refused);
        var me = Actor.Of(agent);
        timeline.Stage(request.Id, RequestEventKind.Reopened, "Votre demande a été rouverte : le service la traite de nouveau.", me.Id, me.Name);
        timeline.Stage(request.Id, RequestEventKind.ReopenReason, $"Motif de la réouverture : {reason!.Trim()}", me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestReopened, reason.Trim(), "Demande rouverte.", cancellationToken);
    }
}
