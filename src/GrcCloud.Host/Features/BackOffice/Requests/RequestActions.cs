using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Workflow;

namespace GrcCloud.Host.Features.BackOffice.Requests;

/// <summary>The forms of the request page, by the page handler each posts to (the domain's transitions are <see cref="GrcCloud.Data.Towns.RequestAction"/>).</summary>
public enum PageAction { Take, Assign, Transfer, Status, Note, Call, Template, Visit, VisitReport, Information, Validation, Answer, Close, Reopen }

/// <summary>
/// Which actions the request page offers in its state, and which of them are the next step, shown as
/// open forms; the others wait in disclosures. The same conditions as the workflow's own checks, read
/// here from the request alone (the workflow still refuses whatever does not fit).
/// </summary>
public sealed class RequestActions(RequestFile file, bool hasTemplates)
{
    private ServiceRequest R => file.Request;
    private bool Handling => RequestWorkflow.Handling.Contains(R.Status);
    private bool HandlingOrWaiting => Handling || R.Status == RequestStatus.AwaitingResident;

    public bool Offers(PageAction action) => action switch
    {
        PageAction.Take => R.AssignedToId is null && (HandlingOrWaiting || R.Status == RequestStatus.AwaitingValidation),
        PageAction.Assign => HandlingOrWaiting || R.Status == RequestStatus.AwaitingValidation,
        PageAction.Transfer or PageAction.Status or PageAction.Visit => HandlingOrWaiting,
        PageAction.Note or PageAction.Call => true,
        PageAction.Template => hasTemplates && !file.IsDone,
        PageAction.VisitReport => file.PlannedVisit is not null && R.Status != RequestStatus.Closed,
        PageAction.Information or PageAction.Validation or PageAction.Answer => Handling,
        PageAction.Close => R.Status is RequestStatus.Resolved or RequestStatus.Rejected,
        PageAction.Reopen => file.IsDone,
        _ => false,
    };

    /// <summary>The next step in this state: take a new request, report a planned visit, answer one being handled, close an answered one, reopen a closed one; an internal note is always at hand.</summary>
    public bool IsNext(PageAction action) => Offers(action) && action switch
    {
        PageAction.Take or PageAction.VisitReport or PageAction.Close or PageAction.Note => true,
        PageAction.Answer => R.AssignedToId is not null,
        PageAction.Reopen => R.Status == RequestStatus.Closed,
        _ => false,
    };

    /// <summary>What the request waits for, when it is not the agent's move.</summary>
    public string? WaitingFor => R.Status switch
    {
        RequestStatus.AwaitingResident => "La demande attend la réponse de l'habitant ; vous pouvez encore agir ci-dessous.",
        RequestStatus.AwaitingValidation => "La demande attend la décision de l'élu.",
        _ => null,
    };
}
