using System.Linq.Expressions;

namespace GrcCloud.Data.Towns;

/// <summary>What an agent (or the resident) can do to a request; each is allowed from some statuses only.</summary>
public enum RequestAction
{
    Take,
    Assign,
    Transfer,
    ChangeStatus,
    ScheduleVisit,
    RecordVisit,
    AskResident,
    ResidentWrites,
    AskValidation,
    Answer,
    Close,
    Reopen,
}

/// <summary>Why a transition was refused; the caller words it for the person (it knows the field and the names).</summary>
public enum TransitionRefusal
{
    None,
    /// <summary>Not possible from the current status.</summary>
    WrongStatus,
    AlreadyYours,
    /// <summary>A colleague holds it: a conflict, not an input error.</summary>
    HeldByColleague,
    AlreadyAssignedToThem,
    SameService,
    AlreadyInStatus,
    /// <summary>A status that comes with its own action (an answer, a wait), not set directly.</summary>
    NotSettable,
    /// <summary>An answer is resolved or rejected, nothing else.</summary>
    NotAnOutcome,
}

/// <summary>The outcome of a transition: done (from a status to another, maybe the same) or refused, unchanged.</summary>
public readonly record struct RequestTransition(TransitionRefusal Refusal, RequestStatus From, RequestStatus To)
{
    public bool IsDone => Refusal == TransitionRefusal.None;

    /// <summary>The status changed (taking a received request acknowledges it, say).</summary>
    public bool Moved => IsDone && From != To;
}

/// <summary>
/// The request as an aggregate: its life cycle (domain.md) is decided here, and nowhere else. Each
/// transition checks the current status and answers with a <see cref="RequestTransition"/>: a refused
/// one changes nothing. The workflow services around it keep persistence, audit, timeline and mails.
/// </summary>
public sealed partial class ServiceRequest
{
    /// <summary>In the service's hands: what most actions start from (a subset of the open statuses).</summary>
    public static readonly IReadOnlySet<RequestStatus> Handling = new HashSet<RequestStatus>
        { RequestStatus.Received, RequestStatus.Acknowledged, RequestStatus.InProgress, RequestStatus.UnderInvestigation };

    /// <summary>The statuses an agent sets directly; the others come with their own action.</summary>
    public static readonly IReadOnlyList<RequestStatus> SettableStatuses = [RequestStatus.Acknowledged, RequestStatus.InProgress, RequestStatus.UnderInvestigation];

    private static readonly IReadOnlySet<RequestStatus> HandlingOrWaiting = new HashSet<RequestStatus>(Handling)
        { RequestStatus.AwaitingResident, RequestStatus.AwaitingValidation };

    private static readonly IReadOnlySet<RequestStatus> HandlingOrWithResident = new HashSet<RequestStatus>(Handling) { RequestStatus.AwaitingResident };

    private static readonly IReadOnlySet<RequestStatus> NotClosed = new HashSet<RequestStatus>(Enum.GetValues<RequestStatus>().Where(s => s != RequestStatus.Closed));

    private static readonly IReadOnlySet<RequestStatus> Answered = new HashSet<RequestStatus> { RequestStatus.Resolved, RequestStatus.Rejected };

    /// <summary>From which statuses each action is possible.</summary>
    public static IReadOnlySet<RequestStatus> AllowedFrom(RequestAction action) => action switch
    {
        RequestAction.Take or RequestAction.Assign => HandlingOrWaiting,
        RequestAction.Transfer or RequestAction.ChangeStatus or RequestAction.ScheduleVisit => HandlingOrWithResident,
        RequestAction.RecordVisit or RequestAction.ResidentWrites => NotClosed,
        RequestAction.AskResident or RequestAction.AskValidation or RequestAction.Answer => Handling,
        RequestAction.Close => Answered,
        RequestAction.Reopen => RequestStates.Done,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>Whether <paramref name="action"/> is possible now (the back-office shows only those).</summary>
    public bool Allows(RequestAction action) => AllowedFrom(action).Contains(Status);

    public bool IsOpen => RequestStates.IsOpenStatus(Status);

    public bool IsDone => RequestStates.IsDoneStatus(Status);

    /// <summary>Open and past its due date; <paramref name="today"/> is the town's day (Paris).</summary>
    public bool IsOverdueOn(DateOnly today) => RequestStates.IsOverdueOn(Status, DueOn, today);

    /// <summary>The same meanings for queries (EF translates them): <see cref="RequestStates"/> holds the one definition.</summary>
    public static Expression<Func<ServiceRequest, bool>> OpenRequests => RequestStates.IsOpen;

    public static Expression<Func<ServiceRequest, bool>> DoneRequests => RequestStates.IsDone;

    public static Expression<Func<ServiceRequest, bool>> OverdueRequests(DateOnly today) => RequestStates.IsOverdue(today);

    /// <summary>An agent takes it for themself; a colleague's request is not taken over (that is <see cref="AssignTo"/>).</summary>
    public RequestTransition Take(Guid agentId, string agentName)
    {
        if (AssignedToId == agentId)
            return Refuse(TransitionRefusal.AlreadyYours);
        if (AssignedToId is not null)
            return Refuse(TransitionRefusal.HeldByColleague);
        return AssignTo(agentId, agentName);
    }

    /// <summary>Hands it to an agent (whose membership of the service the caller checked); a received request becomes acknowledged.</summary>
    public RequestTransition AssignTo(Guid agentId, string agentName)
    {
        if (!Allows(RequestAction.Assign))
            return Refuse(TransitionRefusal.WrongStatus);
        if (AssignedToId == agentId)
            return Refuse(TransitionRefusal.AlreadyAssignedToThem);
        AssignedToId = agentId;
        AssignedToName = agentName;
        return Move(Status == RequestStatus.Received ? RequestStatus.Acknowledged : Status);
    }

    /// <summary>To another service, whose agents then pick it up: the assignment is cleared.</summary>
    public RequestTransition TransferTo(Guid serviceId)
    {
        if (!Allows(RequestAction.Transfer))
            return Refuse(TransitionRefusal.WrongStatus);
        if (serviceId == ServiceId)
            return Refuse(TransitionRefusal.SameService);
        ServiceId = serviceId;
        AssignedToId = null;
        AssignedToName = null;
        return Move(Status);
    }

    /// <summary>One of <see cref="SettableStatuses"/>; ends a wait for the resident.</summary>
    public RequestTransition SetStatus(RequestStatus target)
    {
        if (!Allows(RequestAction.ChangeStatus))
            return Refuse(TransitionRefusal.WrongStatus);
        if (!SettableStatuses.Contains(target))
            return Refuse(TransitionRefusal.NotSettable);
        if (target == Status)
            return Refuse(TransitionRefusal.AlreadyInStatus);
        ResumeStatus = null;
        return Move(target);
    }

    /// <summary>A site visit is planned: the request is under investigation (unless it waits for the resident).</summary>
    public RequestTransition ScheduleVisit()
    {
        if (!Allows(RequestAction.ScheduleVisit))
            return Refuse(TransitionRefusal.WrongStatus);
        return Move(Status == RequestStatus.AwaitingResident ? Status : RequestStatus.UnderInvestigation);
    }

    /// <summary>The findings of a visit are recorded; the status stays.</summary>
    public RequestTransition RecordVisit() => Allows(RequestAction.RecordVisit) ? Move(Status) : Refuse(TransitionRefusal.WrongStatus);

    /// <summary>The service asks the resident something: the request waits, and remembers where it was.</summary>
    public RequestTransition AskResident() => Wait(RequestAction.AskResident, RequestStatus.AwaitingResident);

    /// <summary>The resident writes (until it is closed); when the service was waiting for them, it goes back to where it was.</summary>
    public RequestTransition ResidentWrites()
    {
        if (!Allows(RequestAction.ResidentWrites))
            return Refuse(TransitionRefusal.WrongStatus);
        return Status == RequestStatus.AwaitingResident ? Resume() : Move(Status);
    }

    /// <summary>An elected official is asked to validate: the request waits, and remembers where it was.</summary>
    public RequestTransition AskValidation() => Wait(RequestAction.AskValidation, RequestStatus.AwaitingValidation);

    /// <summary>The official decided: a request waiting for it goes back to where it was (a decision after a reopening changes nothing).</summary>
    public RequestTransition ValidationDecided() => Status == RequestStatus.AwaitingValidation ? Resume() : Move(Status);

    /// <summary>The public answer: resolved or rejected; the request is done at <paramref name="now"/>.</summary>
    public RequestTransition Answer(RequestStatus outcome, DateTimeOffset now)
    {
        if (!Allows(RequestAction.Answer))
            return Refuse(TransitionRefusal.WrongStatus);
        if (outcome is not (RequestStatus.Resolved or RequestStatus.Rejected))
            return Refuse(TransitionRefusal.NotAnOutcome);
        ResumeStatus = null;
        ClosedAt = now;
        return Move(outcome);
    }

    /// <summary>Closes an answered request; the instant it was answered stays its done-at instant.</summary>
    public RequestTransition Close(DateTimeOffset now)
    {
        if (!Allows(RequestAction.Close))
            return Refuse(TransitionRefusal.WrongStatus);
        ClosedAt ??= now;
        return Move(RequestStatus.Closed);
    }

    /// <summary>Back in progress: an answered or closed request is open again, and its next answer sets its done-at instant.</summary>
    public RequestTransition Reopen()
    {
        if (!Allows(RequestAction.Reopen))
            return Refuse(TransitionRefusal.WrongStatus);
        ClosedAt = null;
        return Move(RequestStatus.InProgress);
    }

    private RequestTransition Wait(RequestAction action, RequestStatus waiting)
    {
        if (!Allows(action))
            return Refuse(TransitionRefusal.WrongStatus);
        ResumeStatus = Status;
        return Move(waiting);
    }

    private RequestTransition Resume()
    {
        var back = ResumeStatus ?? RequestStatus.InProgress;
        ResumeStatus = null;
        return Move(back);
    }

    private RequestTransition Move(RequestStatus to)
    {
        var from = Status;
        Status = to;
        return new RequestTransition(TransitionRefusal.None, from, to);
    }

    private RequestTransition Refuse(TransitionRefusal why) => new(why, Status, Status);
}
