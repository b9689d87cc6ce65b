using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.Webhooks;

/// <summary>
/// The event types an integration subscribes to, and which timeline events make them. Internal events
/// (notes, calls, visits, validations) are never sent; a kind not listed here is not sent either.
/// </summary>
public static class WebhookEvents
{
    public const string Created = "request.created";
    public const string StatusChanged = "request.status_changed";
    public const string Assigned = "request.assigned";
    public const string Transferred = "request.transferred";
    public const string PublicReply = "request.public_reply";
    public const string ResidentMessage = "request.resident_message";

    /// <summary>Each type with its French label, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<(string Type, string Label)> All =
    [
        (Created, "Nouvelle demande"),
        (StatusChanged, "Changement d'état"),
        (Assigned, "Attribution à un agent"),
        (Transferred, "Transfert à un autre service"),
        (PublicReply, "Réponse publique au demandeur (traitée, refusée, information demandée)"),
        (ResidentMessage, "Message ou réponse du demandeur"),
    ];

    private static readonly Dictionary<RequestEventKind, string> ByKind = new()
    {
        [RequestEventKind.Received] = Created,
        [RequestEventKind.Status] = StatusChanged,
        [RequestEventKind.Closed] = StatusChanged,
        [RequestEventKind.Reopened] = StatusChanged,
        [RequestEventKind.Assigned] = Assigned,
        [RequestEventKind.Transferred] = Transferred,
        [RequestEventKind.Resolved] = PublicReply,
        [RequestEventKind.Rejected] = PublicReply,
        [RequestEventKind.InformationRequested] = PublicReply,
        [RequestEventKind.ResidentMessage] = ResidentMessage,
        [RequestEventKind.ResidentReply] = ResidentMessage,
    };

    /// <summary>The webhook type of a timeline event, or null when it is not sent.</summary>
    public static string? TypeOf(RequestEvent entry) => ByKind.GetValueOrDefault(entry.Kind);

    public static bool IsKnown(string type) => All.Any(t => t.Type == type);

    public static string Label(string type) => All.FirstOrDefault(t => t.Type == type).Label ?? type;
}
