using System.Linq.Expressions;

namespace GrcCloud.Data.Towns;

/// <summary>
/// What "open", "done", "overdue" and "delay" mean, written once and read by the queues, the resident
/// pages, the reminders, the published delays and the statistics alike.
/// <list type="bullet">
/// <item><b>Done</b>: answered (resolved or rejected) or closed. A request answered and not yet closed is
/// done: the resident has the town's answer, the service waits for nothing more.</item>
/// <item><b>Open</b>: every other status, the waiting ones included (elected official's validation,
/// investigation, resident's information): the town still owes an answer.</item>
/// <item><b>Done at</b> (<see cref="ServiceRequest.ClosedAt"/>): the instant the request became done,
/// set by the answer and kept by the closing; a reopening clears it and the next answer sets it again.</item>
/// <item><b>Delay</b>: from <see cref="ServiceRequest.ReceivedAt"/> to the done-at instant, in elapsed time
/// (a daylight-saving change does not add or remove an hour of work).</item>
/// <item><b>Overdue</b>: open, and the due date (<see cref="ServiceRequest.DueOn"/>, a day in Paris) is
/// before the town's today. Closed on time: done on or before the due date, in Paris days.</item>
/// </list>
/// </summary>
public static class RequestStates
{
    /// <summary>The statuses of a done request, for SQL written by hand (the status is stored as its name).</summary>
    public static readonly IReadOnlySet<RequestStatus> Done = new HashSet<RequestStatus> { RequestStatus.Resolved, RequestStatus.Rejected, RequestStatus.Closed };

    public static readonly IReadOnlySet<RequestStatus> Open = new HashSet<RequestStatus>(Enum.GetValues<RequestStatus>().Where(s => !Done.Contains(s)));

    /// <summary>The same set as SQL text: <c>status IN (…)</c> in queries written by hand and in partial indexes.</summary>
    public const string DoneSqlList = "'Resolved', 'Rejected', 'Closed'";

    public static bool IsDoneStatus(RequestStatus status) => status is RequestStatus.Resolved or RequestStatus.Rejected or RequestStatus.Closed;

    public static bool IsOpenStatus(RequestStatus status) => !IsDoneStatus(status);

    /// <summary>Usable in EF queries (translated to <c>status NOT IN (…)</c>).</summary>
    public static readonly Expression<Func<ServiceRequest, bool>> IsOpen = r =>
        r.Status != RequestStatus.Resolved && r.Status != RequestStatus.Rejected && r.Status != RequestStatus.Closed;

    public static readonly Expression<Func<ServiceRequest, bool>> IsDone = r =>
        r.Status == RequestStatus.Resolved || r.Status == RequestStatus.Rejected || r.Status == RequestStatus.Closed;

    /// <summary>Open and past its due date; <paramref name="today"/> is the town's day (Paris).</summary>
    public static Expression<Func<ServiceRequest, bool>> IsOverdue(DateOnly today) => r =>
        r.Status != RequestStatus.Resolved && r.Status != RequestStatus.Rejected && r.Status != RequestStatus.Closed && r.DueOn < today;

    public static bool IsOverdueOn(RequestStatus status, DateOnly dueOn, DateOnly today) => IsOpenStatus(status) && dueOn < today;

    /// <summary>Whole days past the due date of an open request; 0 when on time or done.</summary>
    public static int DaysOverdue(RequestStatus status, DateOnly dueOn, DateOnly today) =>
        IsOverdueOn(status, dueOn, today) ? today.DayNumber - dueOn.DayNumber : 0;

    /// <summary>The delay of a done request; null while open.</summary>
    public static TimeSpan? Delay(ServiceRequest request) => request.ClosedAt is { } doneAt ? doneAt - request.ReceivedAt : null;
}
