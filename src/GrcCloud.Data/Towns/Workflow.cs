namespace GrcCloud.Data.Towns;

public enum ValidationDecision
{
    Pending,
    Approved,
    Refused,
}

/// <summary>A decision an agent asks an elected official to take; it sits in the official's own queue until answered.</summary>
public sealed class ValidationRequest
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public Guid OfficialId { get; set; }
    public Guid? AskedById { get; set; }
    public required string AskedByName { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public required string Question { get; set; }
    public ValidationDecision Decision { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? Comment { get; set; }
}

/// <summary>An investigation on site: scheduled for an agent, then recorded with findings (and photos, as internal attachments).</summary>
public sealed class SiteVisit
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public DateTimeOffset ScheduledFor { get; set; }
    public Guid? AgentId { get; set; }
    public required string AgentName { get; set; }
    public string? Findings { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
}

/// <summary>
/// A reply text bound to a status, for one theme or (ThemeId null) for all; placeholders
/// {reference}, {name}, {theme}, {due_date} are filled when the agent picks it.
/// </summary>
public sealed class ReplyTemplate
{
    public Guid Id { get; set; }
    public Guid? ThemeId { get; set; }
    public RequestStatus Status { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
}

/// <summary>One agent action (viewed, changed, configured), kept per town and read by the supervisor.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public required string UserName { get; set; }
    /// <summary>What was done: "request.viewed", "request.status", "theme.updated"…</summary>
    public required string Action { get; set; }
    /// <summary>What it was done to, readable: a request reference, a theme's slug…</summary>
    public required string Subject { get; set; }
    public string? Details { get; set; }
}

/// <summary>
/// A mail already handed to the SMTP server, by its idempotency key ("ack:{request}",
/// "event:{event}:{recipient}"…): a retried job finds it and does not send twice.
/// </summary>
public sealed class MailDelivery
{
    public required string Key { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
