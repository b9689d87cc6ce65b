namespace GrcCloud.Data.Towns;

/// <summary>How a request reached the town; recorded and shown in statistics.</summary>
public enum RequestChannel
{
    Online,
    Counter,
    Phone,
    Letter,
    Email,
    /// <summary>Sent by one of the town's integrations (Open311, the REST API) on the resident's behalf.</summary>
    Application,
}

/// <summary>The life cycle of domain.md; themes may skip steps.</summary>
public enum RequestStatus
{
    Received,
    Acknowledged,
    InProgress,
    AwaitingValidation,
    UnderInvestigation,
    AwaitingResident,
    Resolved,
    Rejected,
    Closed,
}

/// <summary>One answer of a submitted form, as the resident gave it (normalised).</summary>
public sealed record RequestAnswer(string Name, string Label, string Type, IReadOnlyList<string> Values);

/// <summary>
/// A resident's request to the town. It keeps the form it was filled with (a later change of the
/// theme's form does not alter it) and survives the deletion of the resident's account (detached).
/// </summary>
public sealed partial class ServiceRequest
{
    public Guid Id { get; set; }
    /// <summary>Readable and unique in the town: "LAV-2026-000123".</summary>
    public required string Reference { get; set; }
    public Guid ThemeId { get; set; }
    public required string ThemeTitle { get; set; }
    public Guid ServiceId { get; set; }
    public int FormVersion { get; set; }
    public List<FormField> Form { get; set; } = [];
    public List<RequestAnswer> Answers { get; set; } = [];
    public Guid? ResidentId { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public RequestChannel Channel { get; set; }
    /// <summary>
    /// A new request is received; from then on only the aggregate's transitions (ServiceRequest.Transitions.cs)
    /// change it, so no code can skip a step of the life cycle. EF sets it through the private setter.
    /// </summary>
    public RequestStatus Status { get; private set; } = RequestStatus.Received;
    public DateTimeOffset ReceivedAt { get; set; }
    public DateOnly DueOn { get; set; }
    /// <summary>When it was resolved, rejected or closed: the published typical delays come from it.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The resident's rating once the request is done: 1 (not at all satisfied) to 5.</summary>
    public int? SatisfactionScore { get; set; }
    public string? SatisfactionComment { get; set; }
    /// <summary>One per displayed form: a second submission of the same form (double click, retry) finds the first request.</summary>
    public Guid SubmissionKey { get; set; }
    /// <summary>The agent handling it; null while it waits in its service's unassigned queue.</summary>
    public Guid? AssignedToId { get; set; }
    public string? AssignedToName { get; set; }
    /// <summary>The status to go back to when the resident answers or the official decides.</summary>
    public RequestStatus? ResumeStatus { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL's xmin: two agents saving the same request at once, the second is refused.</summary>
    public uint Version { get; set; }
    public List<RequestEvent> Events { get; set; } = [];
    public List<RequestAttachment> Attachments { get; set; } = [];
}

/// <summary>A photo or PDF sent with a request; kept in the town's own schema (never shared between towns).</summary>
public sealed class RequestAttachment
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    /// <summary>Who added it: "resident" (with the request or an answer), "agent", "visit" (site visit photos).</summary>
    public string Origin { get; set; } = "resident";
    /// <summary>Agents' files (site visit photos) are internal unless published; the resident's are theirs.</summary>
    public bool IsPublic { get; set; } = true;
    /// <summary>The timeline event it came with (an answer, a visit report), when any.</summary>
    public Guid? EventId { get; set; }
}

/// <summary>One entry of a request's timeline: public events are what the resident sees; internal ones never leak.</summary>
public sealed class RequestEvent
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public DateTimeOffset At { get; set; }
    public required RequestEventKind Kind { get; set; }
    /// <summary>Stored with the event: the kind's <see cref="RequestEventKind.IsPublic"/> when it was written.</summary>
    public bool IsPublic { get; set; }
    public Guid? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public required string Text { get; set; }
}

/// <summary>The next request number of a year, per town.</summary>
public sealed class ReferenceCounter
{
    public int Year { get; set; }
    public int Next { get; set; }
}

/// <summary>A form a resident started and kept for later (one per resident and theme); files are not kept.</summary>
public sealed class RequestDraft
{
    public Guid ResidentId { get; set; }
    public Guid ThemeId { get; set; }
    public Dictionary<string, List<string>> Values { get; set; } = [];
    public DateTimeOffset SavedAt { get; set; }
}

/// <summary>A resident who follows another resident's report (a duplicate they chose not to send): they see its public progress.</summary>
public sealed class RequestFollower
{
    public Guid RequestId { get; set; }
    public Guid ResidentId { get; set; }
    public DateTimeOffset FollowedAt { get; set; }
}
