using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Workflow;

/// <summary>
/// The agents' actions on a request, one method each. Every step checks, in this order: the agent
/// may open the request (its service, or the supervisor) and may act (not read-only); the action
/// is possible from the current status (asked of the <see cref="ServiceRequest"/> aggregate, which
/// owns the life cycle); the input. Only then does the aggregate make the transition, and this
/// service stages its timeline events and audit entry and saves them together through
/// <see cref="RequestTimeline"/>. A refused step changes nothing.
/// </summary>
public sealed partial class RequestWorkflow(TenantDbContext db, RequestTimeline timeline, AuditLog audit, TimeProvider clock, IAuthorizationService authorization)
{
    /// <summary>The form inputs' names: errors are keyed by them so the page shows each next to its field.</summary>
    public static class Inputs
    {
        public const string Assignee = "attribution.agent";
        public const string Service = "transfert.service";
        public const string TransferReason = "transfert.motif";
        public const string Status = "etat.valeur";
        public const string StatusMessage = "etat.message";
        public const string Note = "note.texte";
        public const string CallTime = "appel.date";
        public const string CallOutcome = "appel.resultat";
        public const string CallNote = "appel.note";
        public const string VisitDate = "visite.date";
        public const string VisitAgent = "visite.agent";
        public const string VisitFindings = "constat.texte";
        public const string VisitPhotos = "constat.photos";
        public const string InformationMessage = "information.message";
        public const string Official = "validation.elu";
        public const string Question = "validation.question";
        public const string Reply = "reponse.texte";
        public const string Outcome = "reponse.issue";
        public const string CloseMessage = "cloture.message";
        public const string ReopenReason = "reouverture.motif";
    }

    public const int MaxText = 4000;

    /// <summary>In the service's hands (<see cref="ServiceRequest.Handling"/>), for the pages.</summary>
    public static IReadOnlySet<RequestStatus> Handling => ServiceRequest.Handling;

    /// <summary>The statuses an agent sets directly (<see cref="ServiceRequest.SettableStatuses"/>), for the pages.</summary>
    public static IReadOnlyList<RequestStatus> SettableStatuses => ServiceRequest.SettableStatuses;

    /// <summary>Whether the user may act at all (the read-only function views only).</summary>
    public static bool MayAct(ClaimsPrincipal user) => !user.IsInRole(AgentRoles.ReadOnly);

    /// <summary>The request, tracked, if the agent may open it and act on it; otherwise why not.</summary>
    private async Task<(ServiceRequest? Request, WorkflowResult? Refusal)> OpenForActionAsync(ClaimsPrincipal agent, Guid requestId, CancellationToken cancellationToken)
    {
        var request = await db.Requests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
            return (null, WorkflowResult.NotFound);
        // Of its service (or the supervisor), not read-only: RequestAuthorizationHandler decides.
        if (!await authorization.MayAsync(agent, RequestResource.Of(request), RequestOperations.Act))
            return (null, WorkflowResult.Forbidden);
        return (request, null);
    }

    /// <summary>
    /// Null when the aggregate allows <paramref name="action"/> now; otherwise a refusal for the whole
    /// page: the action's form is not shown in that state, so it has no field to stand next to.
    /// </summary>
    private static WorkflowResult? RequireStatus(ServiceRequest request, RequestAction action) =>
        request.Allows(action) ? null : Refusal(request, new RequestTransition(TransitionRefusal.WrongStatus, request.Status, request.Status));

    /// <summary>The aggregate's refusal in the agent's words, next to the field it concerns.</summary>
    private static WorkflowResult Refusal(ServiceRequest request, RequestTransition refused) => refused.Refusal switch
    {
        TransitionRefusal.AlreadyYours => WorkflowResult.Refused("", "Cette demande vous est déjà attribuée."),
        TransitionRefusal.HeldByColleague => WorkflowResult.Conflict($"Cette demande vient d'être prise par {request.AssignedToName}."),
        TransitionRefusal.AlreadyAssignedToThem => WorkflowResult.Refused(Inputs.Assignee, $"Cette demande est déjà attribuée à {request.AssignedToName}."),
        TransitionRefusal.SameService => WorkflowResult.Refused(Inputs.Service, "La demande est déjà dans ce service."),
        TransitionRefusal.NotSettable => WorkflowResult.Refused(Inputs.Status, "Choisissez un des états proposés."),
        TransitionRefusal.AlreadyInStatus => WorkflowResult.Refused(Inputs.Status, $"La demande est déjà à l'état « {RequestLabels.Status(refused.From)} »."),
        TransitionRefusal.NotAnOutcome => WorkflowResult.Refused(Inputs.Outcome, "Indiquez si la demande est traitée ou refusée."),
        _ => WorkflowResult.Refused("", $"Cette action n'est pas possible pour une demande à l'état « {RequestLabels.Status(refused.From)} »."),
    };

    /// <summary>Null when <paramref name="text"/> is filled and not too long; otherwise the French error for the field.</summary>
    private static WorkflowResult? RequireText(string? text, string field, string what) =>
        string.IsNullOrWhiteSpace(text) ? WorkflowResult.Refused(field, $"Indiquez {what}.")
        : text.Length > MaxText ? WorkflowResult.Refused(field, $"Le texte compte {MaxText} caractères au plus.")
        : null;

    private static WorkflowResult? LimitText(string? text, string field) =>
        text is { Length: > MaxText } ? WorkflowResult.Refused(field, $"Le texte compte {MaxText} caractères au plus.") : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Saves the request's changes with the staged events and the audit entry, all or nothing. When a
    /// colleague saved the request first, nothing is kept and <paramref name="conflict"/> explains it.
    /// </summary>
    private async Task<WorkflowResult> SaveAsync(ClaimsPrincipal user, ServiceRequest request, AuditAction action, string? details, string success,
        CancellationToken cancellationToken, Func<Task<string>>? conflict = null)
    {
        request.UpdatedAt = clock.GetUtcNow();
        audit.Record(user, action, request.Reference, details);
        try
        {
            await timeline.SaveAsync(cancellationToken);
            return WorkflowResult.Done(success);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Forget this attempt entirely: a later save in the same request must not replay it.
            db.ChangeTracker.Clear();
            return WorkflowResult.Conflict(conflict is null
                ? "Un collègue vient de modifier cette demande : vérifiez son état, puis recommencez."
                : await conflict());
        }
    }

    private async Task<string> TakenByMessageAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var holder = await db.Requests.AsNoTracking().Where(r => r.Id == requestId).Select(r => r.AssignedToName).SingleOrDefaultAsync(cancellationToken);
        return holder is null
            ? "Un collègue vient de modifier cette demande : vérifiez son état, puis recommencez."
            : $"Cette demande vient d'être prise par {holder}.";
    }

    /// <summary>The agent takes the request for themself; refused when a colleague holds it (use "assign" to hand it over).</summary>
    public async Task<WorkflowResult> TakeAsync(ClaimsPrincipal agent, Guid requestId, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        var me = Actor.Of(agent);
        var taken = request.Take(me.Id, me.Name);
        if (!taken.IsDone)
            return Refusal(request, taken);
        StageAssignment(request, taken, me, me);
        return await SaveAsync(agent, request, AuditAction.RequestTaken, null, "Vous avez pris cette demande.", cancellationToken,
            () => TakenByMessageAsync(requestId, cancellationToken));
    }

    /// <summary>Hands the request to an agent of its service (or takes the assignment away when <paramref name="assigneeId"/> is empty).</summary>
    public async Task<WorkflowResult> AssignAsync(ClaimsPrincipal agent, Guid requestId, Guid? assigneeId, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.Assign) is { } wrong)
            return wrong;
        if (assigneeId is null)
            return WorkflowResult.Refused(Inputs.Assignee, "Choisissez un agent du service.");
        var assignee = (await ServiceAgentsAsync(request.ServiceId, cancellationToken)).SingleOrDefault(a => a.Id == assigneeId);
        if (assignee is null)
            return WorkflowResult.Refused(Inputs.Assignee, "Cet agent ne fait pas partie du service de la demande.");
        var assigned = request.AssignTo(assignee.Id, assignee.Name);
        if (!assigned.IsDone)
            return Refusal(request, assigned);
        StageAssignment(request, assigned, assignee, Actor.Of(agent));
        return await SaveAsync(agent, request, AuditAction.RequestAssigned, assignee.Name, $"Demande attribuée à {assignee.Name}.", cancellationToken,
            () => TakenByMessageAsync(requestId, cancellationToken));
    }

    /// <summary>The timeline of an assignment; the resident hears of it when it acknowledged a received request.</summary>
    private void StageAssignment(ServiceRequest request, RequestTransition assigned, Actor assignee, Actor by)
    {
        timeline.Stage(request.Id, RequestEventKind.Assigned, assignee.Id == by.Id ? $"Prise en charge par {assignee.Name}." : $"Attribuée à {assignee.Name} par {by.Name}.", by.Id, by.Name);
        if (assigned.Moved)
            timeline.Stage(request.Id, RequestEventKind.Status, "Votre demande a été prise en compte par le service.", by.Id, by.Name);
    }

    /// <summary>The agents who may be given a request of this service: its members, read-only accounts excepted.</summary>
    public async Task<IReadOnlyList<Actor>> ServiceAgentsAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var readOnly = db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == AgentRoles.ReadOnly)).Select(ur => ur.UserId);
        var agents = await db.Users.AsNoTracking()
            .Where(u => u.Kind == UserKind.Agent && db.AgentServices.Any(m => m.UserId == u.Id && m.ServiceId == serviceId) && !readOnly.Contains(u.Id))
            .ToListAsync(cancellationToken);
        return [.. agents.Select(u => new Actor(u.Id, u.DisplayName)).OrderBy(a => a.Name, StringComparer.Create(RequestLabels.French, true))];
    }

    /// <summary>Sends the request to another service: the resident is told where, the reason stays internal; the assignment is cleared.</summary>
    public async Task<WorkflowResult> TransferAsync(ClaimsPrincipal agent, Guid requestId, Guid? serviceId, string? reason, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.Transfer) is { } wrong)
            return wrong;
        var errors = new Dictionary<string, string>();
        var target = serviceId is null ? null : await db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (target is null)
            errors[Inputs.Service] = "Choisissez un service de la commune.";
        else if (target.Id == request.ServiceId)
            errors[Inputs.Service] = "La demande est déjà dans ce service.";
        if (RequireText(reason, Inputs.TransferReason, "le motif du transfert") is { } missing)
            errors[Inputs.TransferReason] = missing.Errors[Inputs.TransferReason];
        if (errors.Count > 0)
            return WorkflowResult.Refused(errors);

        var from = await db.Services.AsNoTracking().Where(s => s.Id == request.ServiceId).Select(s => s.Name).SingleAsync(cancellationToken);
        var me = Actor.Of(agent);
        if (request.TransferTo(target!.Id) is { IsDone: false } refused)
            return Refusal(request, refused);
        timeline.Stage(request.Id, RequestEventKind.Transferred, $"Votre demande a été transmise au service {target.Name}.", me.Id, me.Name);
        timeline.Stage(request.Id, RequestEventKind.TransferReason, $"Transférée du service {from} au service {target.Name}. Motif : {reason!.Trim()}", me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestTransferred, $"{from} → {target.Name} : {reason.Trim()}", $"Demande transmise au service {target.Name}.", cancellationToken);
    }

    /// <summary>Sets one of the statuses an agent sets directly; the resident sees the change and the message, when given.</summary>
    public async Task<WorkflowResult> ChangeStatusAsync(ClaimsPrincipal agent, Guid requestId, string? status, string? message, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.ChangeStatus) is { } wrong)
            return wrong;
        // By name, among the settable ones only: a forged value ("Resolved", "7") is refused.
        var target = SettableStatuses.Cast<RequestStatus?>().SingleOrDefault(s => s.ToString() == status);
        if (target is null)
            return WorkflowResult.Refused(Inputs.Status, "Choisissez un des états proposés.");
        if (LimitText(message, Inputs.StatusMessage) is { } tooLong)
            return tooLong;
        if (request.SetStatus(target.Value) is { IsDone: false } refused)
            return Refusal(request, refused);

        var me = Actor.Of(agent);
        var text = $"Nouvel état de votre demande : {RequestLabels.Status(target.Value)}." + (Clean(message) is { } m ? $" {m}" : "");
        timeline.Stage(request.Id, RequestEventKind.Status, text, me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestStatus, target.ToString(), $"État changé : {RequestLabels.Status(target.Value)}.", cancellationToken);
    }
}
