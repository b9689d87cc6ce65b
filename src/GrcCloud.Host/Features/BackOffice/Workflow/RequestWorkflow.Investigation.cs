using System.Globalization;
using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Requests;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Workflow;

/// <summary>Notes, calls, site visits and the two ways a request waits: for the resident, for an elected official.</summary>
public sealed partial class RequestWorkflow
{
    public static readonly IReadOnlyDictionary<string, string> CallOutcomes = new Dictionary<string, string>
    {
        ["joint"] = "joint",
        ["sans-reponse"] = "pas de réponse",
        ["message"] = "message laissé",
    };

    /// <summary>A note for colleagues: internal, never shown to the resident, never mailed.</summary>
    public async Task<WorkflowResult> AddNoteAsync(ClaimsPrincipal agent, Guid requestId, string? text, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireText(text, Inputs.Note, "le texte de la note") is { } missing)
            return missing;
        var me = Actor.Of(agent);
        timeline.Stage(request.Id, RequestEventKind.InternalNote, text!.Trim(), me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestNote, null, "Note interne ajoutée.", cancellationToken);
    }

    /// <summary>
    /// A phone call to the resident, with its outcome and when it took place (Paris time, as typed: an
    /// agent may note a call after hanging up): internal. The entry's own time stays in the timeline and the audit.
    /// </summary>
    public async Task<WorkflowResult> LogCallAsync(ClaimsPrincipal agent, Guid requestId, string? when, string? outcome, string? note, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        var errors = new Dictionary<string, string>();
        var at = ParseLocal(when);
        if (at is null)
            errors[Inputs.CallTime] = "Indiquez la date et l'heure de l'appel (par exemple 2026-03-14T09:30).";
        else if (at > clock.GetUtcNow().AddMinutes(2))
            errors[Inputs.CallTime] = "L'appel ne peut pas avoir lieu dans le futur : indiquez quand il a eu lieu.";
        else if (at < request.ReceivedAt.AddMinutes(-1)) // the minute typed may be the one of the reception
            errors[Inputs.CallTime] = $"L'appel ne peut pas précéder la réception de la demande ({RequestLabels.Date(request.ReceivedAt)}).";
        var label = outcome is null ? null : CallOutcomes.GetValueOrDefault(outcome);
        if (label is null)
            errors[Inputs.CallOutcome] = "Indiquez le résultat de l'appel.";
        if (LimitText(note, Inputs.CallNote) is { } tooLong)
            errors[Inputs.CallNote] = tooLong.Errors[Inputs.CallNote];
        if (errors.Count > 0)
            return WorkflowResult.Refused(errors);

        var me = Actor.Of(agent);
        timeline.Stage(request.Id, RequestEventKind.PhoneCall, $"Appel téléphonique du {RequestLabels.Date(at!.Value)} ({label})." + (Clean(note) is { } n ? $" {n}" : ""), me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestCall, $"{at.Value:O} {outcome}", "Appel enregistré.", cancellationToken);
    }

    /// <summary>Plans a site visit for an agent of the service at a date and time (Paris time, as typed).</summary>
    public async Task<WorkflowResult> ScheduleVisitAsync(ClaimsPrincipal agent, Guid requestId, string? when, Guid? visitorId, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.ScheduleVisit) is { } wrong)
            return wrong;
        var errors = new Dictionary<string, string>();
        var at = ParseLocal(when);
        if (at is null)
            errors[Inputs.VisitDate] = "Indiquez la date et l'heure de la visite (par exemple 2026-03-14T09:30).";
        else if (at < clock.GetUtcNow().AddDays(-1) || at > clock.GetUtcNow().AddYears(1))
            errors[Inputs.VisitDate] = "La date de la visite doit être dans l'année qui vient.";
        // An elected official of the service decides on validations; she is never sent on a visit (the page does not offer her).
        var officials = await OfficialsAsync(cancellationToken);
        var visitor = visitorId is null || officials.Any(o => o.Id == visitorId) ? null
            : (await ServiceAgentsAsync(request.ServiceId, cancellationToken)).SingleOrDefault(a => a.Id == visitorId);
        if (visitor is null)
            errors[Inputs.VisitAgent] = "Choisissez l'agent du service qui fera la visite.";
        if (errors.Count > 0)
            return WorkflowResult.Refused(errors);

        if (request.ScheduleVisit() is { IsDone: false } refused)
            return Refusal(request, refused);
        db.SiteVisits.Add(new SiteVisit { Id = Guid.CreateVersion7(), RequestId = request.Id, ScheduledFor = at!.Value, AgentId = visitor!.Id, AgentName = visitor.Name });
        var me = Actor.Of(agent);
        timeline.Stage(request.Id, RequestEventKind.VisitScheduled, $"Visite sur place prévue le {RequestLabels.Date(at.Value)} par {visitor.Name}.", me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestVisitScheduled, $"{at.Value:O} {visitor.Name}", "Visite sur place programmée.", cancellationToken);
    }

    /// <summary>Records the findings of a planned visit, with its photos (internal attachments of origin "visit").</summary>
    public async Task<WorkflowResult> RecordVisitAsync(ClaimsPrincipal agent, Guid requestId, string? findings, IReadOnlyList<NewAttachment> photos, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.RecordVisit) is { } wrong)
            return wrong;
        var visit = await db.SiteVisits.Where(v => v.RequestId == request.Id && v.RecordedAt == null).OrderBy(v => v.ScheduledFor).FirstOrDefaultAsync(cancellationToken);
        if (visit is null)
            return WorkflowResult.Refused(Inputs.VisitFindings, "Aucune visite n'est programmée pour cette demande.");
        if (RequireText(findings, Inputs.VisitFindings, "ce qui a été constaté") is { } missing)
            return missing;

        if (request.RecordVisit() is { IsDone: false } refused)
            return Refusal(request, refused);
        var me = Actor.Of(agent);
        var now = clock.GetUtcNow();
        visit.Findings = findings!.Trim();
        visit.RecordedAt = now;
        var entry = timeline.Stage(request.Id, RequestEventKind.VisitRecorded, $"Visite sur place du {RequestLabels.Date(visit.ScheduledFor)} : {visit.Findings}", me.Id, me.Name);
        foreach (var photo in photos)
        {
            db.RequestAttachments.Add(new RequestAttachment
            {
                Id = Guid.CreateVersion7(), RequestId = request.Id, FileName = photo.FileName, ContentType = photo.ContentType,
                Size = photo.Content.Length, Content = photo.Content, UploadedAt = now, Origin = "visit", IsPublic = false, EventId = entry.Id,
            });
        }
        return await SaveAsync(agent, request, AuditAction.RequestVisitRecorded, $"{photos.Count} photo(s)", "Compte rendu de visite enregistré.", cancellationToken);
    }

    /// <summary>Asks the resident for information: a public message; the request waits and remembers where it was.</summary>
    public async Task<WorkflowResult> AskInformationAsync(ClaimsPrincipal agent, Guid requestId, string? message, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.AskResident) is { } wrong)
            return wrong;
        if (RequireText(message, Inputs.InformationMessage, "ce que vous demandez à l'habitant") is { } missing)
            return missing;
        if (request.AskResident() is { IsDone: false } refused)
            return Refusal(request, refused);
        var me = Actor.Of(agent);
        timeline.Stage(request.Id, RequestEventKind.InformationRequested, $"Le service vous demande une information : {message!.Trim()}", me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestInformationRequested, null, "Demande d'information envoyée à l'habitant.", cancellationToken);
    }

    /// <summary>The elected officials who can be asked for a validation.</summary>
    public async Task<IReadOnlyList<Actor>> OfficialsAsync(CancellationToken cancellationToken)
    {
        var officials = await db.Users.AsNoTracking()
            .Where(u => u.Kind == UserKind.Agent && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == AgentRoles.ElectedOfficial)))
            .ToListAsync(cancellationToken);
        return [.. officials.Select(u => new Actor(u.Id, u.DisplayName)).OrderBy(a => a.Name, StringComparer.Create(RequestLabels.French, true))];
    }

    /// <summary>Asks an elected official to validate: the request waits in the official's queue.</summary>
    public async Task<WorkflowResult> AskValidationAsync(ClaimsPrincipal agent, Guid requestId, Guid? officialId, string? question, CancellationToken cancellationToken = default)
    {
        var (request, refusal) = await OpenForActionAsync(agent, requestId, cancellationToken);
        if (request is null)
            return refusal!;
        if (RequireStatus(request, RequestAction.AskValidation) is { } wrong)
            return wrong;
        var errors = new Dictionary<string, string>();
        var official = officialId is null ? null : (await OfficialsAsync(cancellationToken)).SingleOrDefault(o => o.Id == officialId);
        if (official is null)
            errors[Inputs.Official] = "Choisissez un élu.";
        if (RequireText(question, Inputs.Question, "la décision à valider") is { } missing)
            errors[Inputs.Question] = missing.Errors[Inputs.Question];
        if (errors.Count > 0)
            return WorkflowResult.Refused(errors);

        if (request.AskValidation() is { IsDone: false } refused)
            return Refusal(request, refused);
        var me = Actor.Of(agent);
        db.Validations.Add(new ValidationRequest
        {
            Id = Guid.CreateVersion7(), RequestId = request.Id, OfficialId = official!.Id, AskedById = me.Id, AskedByName = me.Name,
            AskedAt = clock.GetUtcNow(), Question = question!.Trim(), Decision = ValidationDecision.Pending,
        });
        timeline.Stage(request.Id, RequestEventKind.ValidationRequested, $"Validation demandée à {official.Name} : {question.Trim()}", me.Id, me.Name);
        return await SaveAsync(agent, request, AuditAction.RequestValidationRequested, official.Name, $"Validation demandée à {official.Name}.", cancellationToken);
    }

    /// <summary>The official asked approves or refuses, with a comment; the request goes back to where it was.</summary>
    public async Task<WorkflowResult> DecideValidationAsync(ClaimsPrincipal official, Guid validationId, string? decision, string? comment, CancellationToken cancellationToken = default)
    {
        var me = Actor.Of(official);
        var validation = await db.Validations.SingleOrDefaultAsync(v => v.Id == validationId, cancellationToken);
        if (validation is null)
            return WorkflowResult.NotFound;
        if (validation.OfficialId != me.Id || !official.IsInRole(AgentRoles.ElectedOfficial))
            return WorkflowResult.Forbidden;
        if (validation.Decision != ValidationDecision.Pending)
            return WorkflowResult.Refused("", "Cette validation a déjà été décidée.");
        ValidationDecision? verdict = decision switch { "approuver" => ValidationDecision.Approved, "refuser" => ValidationDecision.Refused, _ => null };
        var errors = new Dictionary<string, string>();
        if (verdict is null)
            errors["decision"] = "Choisissez d'approuver ou de refuser.";
        if (verdict == ValidationDecision.Refused && string.IsNullOrWhiteSpace(comment))
            errors["commentaire"] = "Expliquez votre refus à l'agent.";
        else if (comment is { Length: > MaxText })
            errors["commentaire"] = $"Le texte compte {MaxText} caractères au plus.";
        if (errors.Count > 0)
            return WorkflowResult.Refused(errors);

        var request = await db.Requests.SingleAsync(r => r.Id == validation.RequestId, cancellationToken);
        validation.Decision = verdict!.Value;
        validation.DecidedAt = clock.GetUtcNow();
        validation.Comment = Clean(comment);
        request.ValidationDecided();
        var word = verdict == ValidationDecision.Approved ? "approuvée" : "refusée";
        timeline.Stage(request.Id, RequestEventKind.ValidationDecided, $"Validation {word} par {me.Name}." + (validation.Comment is { } c ? $" {c}" : ""), me.Id, me.Name);
        return await SaveAsync(official, request, AuditAction.RequestValidationDecided, word, $"Validation {word} pour la demande {request.Reference}.", cancellationToken);
    }

    /// <summary>A "datetime-local" value typed in Paris time; a year far off (0001, 9999) is kept away from the offset arithmetic, which would overflow.</summary>
    private static DateTimeOffset? ParseLocal(string? value)
    {
        if (!DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        if (local.Year is < 2000 or > 2100)
            return local.Year < 2000 ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue;
        return Shared.ParisTime.FromLocal(local);
    }
}
