using System.Security.Claims;

namespace GrcCloud.Host.Features.BackOffice.Workflow;

public enum WorkflowOutcome
{
    Done,
    /// <summary>Bad input or an action the request's state does not allow: nothing changed.</summary>
    Refused,
    /// <summary>The person may not act on this request (another service, read-only, not the official asked).</summary>
    Forbidden,
    NotFound,
    /// <summary>A colleague saved the request first: nothing changed.</summary>
    Conflict,
}

/// <summary>
/// What a workflow step did: a French success message, or French errors keyed by the form input
/// they belong to ("" for the whole form), so the page can show each next to its field.
/// </summary>
public sealed record WorkflowResult(WorkflowOutcome Outcome, string? Message, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Outcome == WorkflowOutcome.Done;

    public static WorkflowResult Done(string message) => new(WorkflowOutcome.Done, message, new Dictionary<string, string>());
    public static WorkflowResult Refused(string field, string message) => new(WorkflowOutcome.Refused, null, new Dictionary<string, string> { [field] = message });
    public static WorkflowResult Refused(IReadOnlyDictionary<string, string> errors) => new(WorkflowOutcome.Refused, null, errors);
    public static WorkflowResult Conflict(string message) => new(WorkflowOutcome.Conflict, null, new Dictionary<string, string> { [""] = message });
    public static readonly WorkflowResult Forbidden = new(WorkflowOutcome.Forbidden, null, new Dictionary<string, string>());
    public static readonly WorkflowResult NotFound = new(WorkflowOutcome.NotFound, null, new Dictionary<string, string>());
}

/// <summary>Who acts, as the timeline and the audit log name them.</summary>
public sealed record Actor(Guid Id, string Name)
{
    public static Actor Of(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty,
        user.FindFirstValue(ClaimTypes.GivenName) ?? user.Identity?.Name ?? "?");
}
