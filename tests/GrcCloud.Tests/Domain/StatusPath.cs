using GrcCloud.Data.Towns;

namespace GrcCloud.Tests.Domain;

/// <summary>
/// Test data in a given status, reached by the aggregate's own transitions: a request's status has
/// no public setter, so tests lead a new (received) request where they need it, as the product would.
/// </summary>
internal static class StatusPath
{
    /// <summary>Leads a received request to <paramref name="status"/>; an answered or closed one is done at <paramref name="doneAt"/> (now by default).</summary>
    public static ServiceRequest Reached(this ServiceRequest request, RequestStatus status, DateTimeOffset? doneAt = null)
    {
        var at = doneAt ?? DateTimeOffset.UtcNow;
        _ = status switch
        {
            RequestStatus.Received => default,
            RequestStatus.Acknowledged or RequestStatus.InProgress or RequestStatus.UnderInvestigation => request.SetStatus(status),
            RequestStatus.AwaitingResident => request.AskResident(),
            RequestStatus.AwaitingValidation => request.AskValidation(),
            RequestStatus.Resolved or RequestStatus.Rejected => request.Answer(status, at),
            RequestStatus.Closed => request.Answer(RequestStatus.Resolved, at) is { IsDone: true } ? request.Close(at) : default,
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        if (request.Status != status)
            throw new InvalidOperationException($"No path from {request.Status} to {status} for this test request.");
        return request;
    }
}
