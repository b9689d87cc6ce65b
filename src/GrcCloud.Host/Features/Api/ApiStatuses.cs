using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.Api;

/// <summary>A request's status as the API and the webhooks write it: snake_case, stable whatever the enum's names become.</summary>
public static class ApiStatuses
{
    private static readonly Dictionary<RequestStatus, string> Codes = new()
    {
        [RequestStatus.Received] = "received",
        [RequestStatus.Acknowledged] = "acknowledged",
        [RequestStatus.InProgress] = "in_progress",
        [RequestStatus.AwaitingValidation] = "awaiting_validation",
        [RequestStatus.UnderInvestigation] = "under_investigation",
        [RequestStatus.AwaitingResident] = "awaiting_resident",
        [RequestStatus.Resolved] = "resolved",
        [RequestStatus.Rejected] = "rejected",
        [RequestStatus.Closed] = "closed",
    };

    public static IEnumerable<string> All => Codes.Values;

    public static string Code(RequestStatus status) => Codes[status];

    public static RequestStatus? Parse(string? code) =>
        Codes.Where(c => c.Value == code).Select(c => (RequestStatus?)c.Key).FirstOrDefault();
}
