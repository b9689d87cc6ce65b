using GrcCloud.Data.Towns;

namespace GrcCloud.Tests.Domain;

/// <summary>The request's life cycle, decided by the aggregate alone: every allowed and refused transition, no database.</summary>
public sealed class ServiceRequestTests
{
    private static readonly Guid Paul = Guid.CreateVersion7();
    private static readonly Guid Lea = Guid.CreateVersion7();
    private static readonly Guid Roads = Guid.CreateVersion7();
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static readonly RequestStatus[] All = Enum.GetValues<RequestStatus>();
    private static readonly RequestStatus[] Handling = [RequestStatus.Received, RequestStatus.Acknowledged, RequestStatus.InProgress, RequestStatus.UnderInvestigation];

    /// <summary>A request led to <paramref name="status"/> by its transitions, then given the assignment, resume status and done-at instant the test needs.</summary>
    private static ServiceRequest In(RequestStatus status, Guid? assignedTo = null, RequestStatus? resume = null, DateTimeOffset? closedAt = null)
    {
        var request = new ServiceRequest
        {
            Reference = "LAV-2027-000001", ThemeTitle = "Nid-de-poule", ServiceId = Guid.CreateVersion7(),
            ReceivedAt = Now.AddDays(-3), DueOn = new DateOnly(2027, 3, 20),
        }.Reached(status, Now);
        request.AssignedToId = assignedTo;
        request.AssignedToName = assignedTo is null ? null : "Paul Agent";
        request.ResumeStatus = resume;
        request.ClosedAt = closedAt;
        return request;
    }

    public static TheoryData<RequestAction, RequestStatus, bool> Table()
    {
        var allowed = new Dictionary<RequestAction, RequestStatus[]>
        {
            [RequestAction.Take] = [.. Handling, RequestStatus.AwaitingResident, RequestStatus.AwaitingValidation],
            [RequestAction.Assign] = [.. Handling, RequestStatus.AwaitingResident, RequestStatus.AwaitingValidation],
            [RequestAction.Transfer] = [.. Handling, RequestStatus.AwaitingResident],
            [RequestAction.ChangeStatus] = [.. Handling, RequestStatus.AwaitingResident],
            [RequestAction.ScheduleVisit] = [.. Handling, RequestStatus.AwaitingResident],
            [RequestAction.RecordVisit] = [.. All.Where(s => s != RequestStatus.Closed)],
            [RequestAction.ResidentWrites] = [.. All.Where(s => s != RequestStatus.Closed)],
            [RequestAction.AskResident] = Handling,
            [RequestAction.AskValidation] = Handling,
            [RequestAction.Answer] = Handling,
            [RequestAction.Close] = [RequestStatus.Resolved, RequestStatus.Rejected],
            [RequestAction.Reopen] = [RequestStatus.Resolved, RequestStatus.Rejected, RequestStatus.Closed],
        };
        var data = new TheoryData<RequestAction, RequestStatus, bool>();
        foreach (var (action, statuses) in allowed)
            foreach (var status in All)
                data.Add(action, status, statuses.Contains(status));
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_action_is_allowed_from_its_statuses_and_refused_from_the_others_without_change(RequestAction action, RequestStatus status, bool allowed)
    {
        var request = In(status, resume: RequestStatus.InProgress);
        Assert.Equal(allowed, request.Allows(action));

        var result = Do(request, action);

        Assert.Equal(allowed, result.IsDone);
        Assert.Equal(status, result.From);
        if (!allowed)
        {
            Assert.Equal(TransitionRefusal.WrongStatus, result.Refusal);
            Assert.Equal(status, request.Status); // a refused transition changes nothing
            Assert.Null(request.AssignedToId);
            Assert.Equal(RequestStatus.InProgress, request.ResumeStatus);
        }
        else
        {
            Assert.Equal(result.To, request.Status);
        }
    }

    private static RequestTransition Do(ServiceRequest request, RequestAction action) => action switch
    {
        RequestAction.Take => request.Take(Paul, "Paul Agent"),
        RequestAction.Assign => request.AssignTo(Paul, "Paul Agent"),
        RequestAction.Transfer => request.TransferTo(Roads),
        RequestAction.ChangeStatus => request.SetStatus(request.Status == RequestStatus.InProgress ? RequestStatus.UnderInvestigation : RequestStatus.InProgress),
        RequestAction.ScheduleVisit => request.ScheduleVisit(),
        RequestAction.RecordVisit => request.RecordVisit(),
        RequestAction.ResidentWrites => request.ResidentWrites(),
        RequestAction.AskResident => request.AskResident(),
        RequestAction.AskValidation => request.AskValidation(),
        RequestAction.Answer => request.Answer(RequestStatus.Resolved, Now),
        RequestAction.Close => request.Close(Now),
        RequestAction.Reopen => request.Reopen(),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    [Fact]
    public void Taking_a_received_request_acknowledges_it_and_taking_it_again_is_refused()
    {
        var request = In(RequestStatus.Received);
        var taken = request.Take(Paul, "Paul Agent");
        Assert.True(taken.Moved);
        Assert.Equal((RequestStatus.Received, RequestStatus.Acknowledged), (taken.From, taken.To));
        Assert.Equal((Paul, "Paul Agent"), (request.AssignedToId!.Value, request.AssignedToName));

        Assert.Equal(TransitionRefusal.AlreadyYours, request.Take(Paul, "Paul Agent").Refusal);
        Assert.Equal(TransitionRefusal.HeldByColleague, request.Take(Lea, "Léa Agent").Refusal);
        Assert.Equal(Paul, request.AssignedToId);
    }

    [Fact]
    public void Assigning_in_progress_keeps_the_status_and_the_same_assignee_twice_is_refused()
    {
        var request = In(RequestStatus.InProgress, assignedTo: Paul);
        Assert.Equal(TransitionRefusal.AlreadyAssignedToThem, request.AssignTo(Paul, "Paul Agent").Refusal);
        var handed = request.AssignTo(Lea, "Léa Agent");
        Assert.True(handed.IsDone);
        Assert.False(handed.Moved);
        Assert.Equal(Lea, request.AssignedToId);
    }

    [Fact]
    public void A_transfer_clears_the_assignment_and_the_same_service_is_refused()
    {
        var request = In(RequestStatus.InProgress, assignedTo: Paul);
        Assert.Equal(TransitionRefusal.SameService, request.TransferTo(request.ServiceId).Refusal);
        Assert.Equal(Paul, request.AssignedToId);

        Assert.True(request.TransferTo(Roads).IsDone);
        Assert.Equal(Roads, request.ServiceId);
        Assert.Null(request.AssignedToId);
        Assert.Null(request.AssignedToName);
    }

    [Theory]
    [InlineData(RequestStatus.Resolved)]
    [InlineData(RequestStatus.AwaitingValidation)]
    [InlineData(RequestStatus.Closed)]
    public void Only_the_settable_statuses_are_set_directly(RequestStatus target)
    {
        var request = In(RequestStatus.InProgress);
        Assert.Equal(TransitionRefusal.NotSettable, request.SetStatus(target).Refusal);
        Assert.Equal(RequestStatus.InProgress, request.Status);
        Assert.Equal(TransitionRefusal.AlreadyInStatus, request.SetStatus(RequestStatus.InProgress).Refusal);
    }

    [Fact]
    public void Setting_a_status_while_the_resident_is_asked_ends_the_wait()
    {
        var request = In(RequestStatus.AwaitingResident, resume: RequestStatus.UnderInvestigation);
        Assert.True(request.SetStatus(RequestStatus.InProgress).IsDone);
        Assert.Null(request.ResumeStatus);
    }

    [Fact]
    public void A_visit_puts_a_request_under_investigation_unless_it_waits_for_the_resident()
    {
        var handled = In(RequestStatus.Acknowledged);
        Assert.Equal(RequestStatus.UnderInvestigation, handled.ScheduleVisit().To);
        var waiting = In(RequestStatus.AwaitingResident, resume: RequestStatus.InProgress);
        Assert.Equal(RequestStatus.AwaitingResident, waiting.ScheduleVisit().To);
    }

    [Fact]
    public void Asking_the_resident_waits_and_their_answer_resumes_where_it_was()
    {
        var request = In(RequestStatus.UnderInvestigation);
        Assert.Equal(RequestStatus.AwaitingResident, request.AskResident().To);
        Assert.Equal(RequestStatus.UnderInvestigation, request.ResumeStatus);

        var answered = request.ResidentWrites();
        Assert.Equal((RequestStatus.AwaitingResident, RequestStatus.UnderInvestigation), (answered.From, answered.To));
        Assert.Null(request.ResumeStatus);

        // A message when nobody asked changes nothing; on a closed request it is refused.
        Assert.False(request.ResidentWrites().Moved);
        Assert.Equal(TransitionRefusal.WrongStatus, In(RequestStatus.Closed).ResidentWrites().Refusal);
    }

    [Fact]
    public void An_answer_without_a_remembered_status_resumes_in_progress()
    {
        var request = In(RequestStatus.AwaitingResident);
        Assert.Equal(RequestStatus.InProgress, request.ResidentWrites().To);
    }

    [Fact]
    public void A_validation_waits_for_the_official_whose_decision_resumes_where_it_was()
    {
        var request = In(RequestStatus.InProgress);
        Assert.Equal(RequestStatus.AwaitingValidation, request.AskValidation().To);
        Assert.Equal(RequestStatus.InProgress, request.ResumeStatus);
        Assert.Equal(TransitionRefusal.WrongStatus, request.AskValidation().Refusal); // not twice
        Assert.Equal(TransitionRefusal.WrongStatus, request.Answer(RequestStatus.Resolved, Now).Refusal); // not while waiting

        Assert.Equal(RequestStatus.InProgress, request.ValidationDecided().To);
        Assert.Null(request.ResumeStatus);
        // A decision arriving after the request moved on (reopened, answered) leaves it where it is.
        var answered = In(RequestStatus.Resolved, closedAt: Now);
        Assert.False(answered.ValidationDecided().Moved);
        Assert.Equal(RequestStatus.Resolved, answered.Status);
    }

    [Theory]
    [InlineData(RequestStatus.Resolved)]
    [InlineData(RequestStatus.Rejected)]
    public void An_answer_makes_the_request_done_at_that_instant(RequestStatus outcome)
    {
        var request = In(RequestStatus.InProgress, resume: RequestStatus.Acknowledged);
        Assert.True(request.IsOpen);
        Assert.True(request.Answer(outcome, Now).IsDone);
        Assert.Equal(outcome, request.Status);
        Assert.Equal(Now, request.ClosedAt);
        Assert.Null(request.ResumeStatus);
        Assert.True(request.IsDone);
        Assert.Equal(TimeSpan.FromDays(3), RequestStates.Delay(request));
    }

    [Theory]
    [InlineData(RequestStatus.Closed)]
    [InlineData(RequestStatus.InProgress)]
    [InlineData(RequestStatus.AwaitingResident)]
    public void An_answer_is_resolved_or_rejected_nothing_else(RequestStatus outcome)
    {
        var request = In(RequestStatus.InProgress);
        Assert.Equal(TransitionRefusal.NotAnOutcome, request.Answer(outcome, Now).Refusal);
        Assert.Null(request.ClosedAt);
    }

    [Fact]
    public void Closing_keeps_the_instant_of_the_answer_and_reopening_clears_it()
    {
        var answeredAt = Now.AddDays(-1);
        var request = In(RequestStatus.Resolved, closedAt: answeredAt);
        Assert.Equal(RequestStatus.Closed, request.Close(Now).To);
        Assert.Equal(answeredAt, request.ClosedAt);

        Assert.Equal(RequestStatus.InProgress, request.Reopen().To);
        Assert.Null(request.ClosedAt);
        Assert.True(request.IsOpen);
    }

    [Fact]
    public void Overdue_means_open_and_past_its_due_date_in_the_towns_days()
    {
        var open = In(RequestStatus.InProgress);
        Assert.False(open.IsOverdueOn(open.DueOn));
        Assert.True(open.IsOverdueOn(open.DueOn.AddDays(1)));
        var done = In(RequestStatus.Rejected, closedAt: Now);
        Assert.False(done.IsOverdueOn(done.DueOn.AddDays(30)));
    }

    [Fact]
    public void The_query_expressions_mean_what_the_aggregate_says()
    {
        var today = new DateOnly(2027, 3, 25);
        var isOpen = ServiceRequest.OpenRequests.Compile();
        var isDone = ServiceRequest.DoneRequests.Compile();
        var isOverdue = ServiceRequest.OverdueRequests(today).Compile();
        foreach (var status in All)
        {
            var request = In(status);
            Assert.Equal(request.IsOpen, isOpen(request));
            Assert.Equal(request.IsDone, isDone(request));
            Assert.NotEqual(isOpen(request), isDone(request));
            Assert.Equal(request.IsOverdueOn(today), isOverdue(request));
        }
    }
}
