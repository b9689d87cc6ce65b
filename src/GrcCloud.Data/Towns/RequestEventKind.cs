namespace GrcCloud.Data.Towns;

/// <summary>
/// What kind of entry a request's timeline holds, and what follows from it: whether the resident sees
/// it, which mail tells them, whether it holds the resident's own words (never shown to followers) and
/// what a follower reads instead of its text. One instance per kind: writing a kind that does not exist
/// no longer compiles. Stored by <see cref="Name"/> (the strings the column always held).
/// </summary>
public sealed class RequestEventKind : IEquatable<RequestEventKind>
{
    /// <summary>Mail templates a public event sends to the resident (keys of the town's mail texts).</summary>
    public static class Mails
    {
        public const string StatusChanged = "status_changed";
        public const string InformationRequested = "information_requested";
        public const string Resolved = "resolved";
        public const string Rejected = "rejected";
    }

    private static readonly Dictionary<string, RequestEventKind> ByName = new(StringComparer.Ordinal);

    // Public events the resident reads and is mailed about.
    public static readonly RequestEventKind Received = Public("received", "Dépôt", mail: null, follower: "Signalement reçu par la mairie.");
    public static readonly RequestEventKind FirstReply = Public("first_reply", "Réponse automatique", mail: null, follower: null);
    public static readonly RequestEventKind Status = Public("status", "Changement d'état", Mails.StatusChanged, "Le service a fait avancer le traitement de ce signalement.");
    public static readonly RequestEventKind Transferred = Public("transferred", "Transfert", Mails.StatusChanged, "Le signalement a été transmis à un autre service.", tellsNewService: true);
    public static readonly RequestEventKind InformationRequested = Public("information_requested", "Demande d'information", Mails.InformationRequested, "Le service a demandé une précision à l'auteur du signalement.");
    public static readonly RequestEventKind Resolved = Public("resolved", "Réponse : traitée", Mails.Resolved, "Le signalement a été traité par le service.");
    public static readonly RequestEventKind Rejected = Public("rejected", "Réponse : refusée", Mails.Rejected, "Le signalement n'a pas été retenu par le service.");
    public static readonly RequestEventKind Closed = Public("closed", "Clôture", Mails.StatusChanged, "Le signalement est clôturé.");
    public static readonly RequestEventKind Reopened = Public("reopened", "Réouverture", Mails.StatusChanged, "Le signalement a été rouvert : le service le traite de nouveau.");

    // The resident's own words: public to them and the agents, never to followers, never mailed back.
    public static readonly RequestEventKind ResidentReply = new("resident_reply", "Réponse de l'habitant", isPublic: true, mail: null, residentWords: true, follower: null, tellsNewService: false);
    public static readonly RequestEventKind ResidentMessage = new("resident_message", "Message de l'habitant", isPublic: true, mail: null, residentWords: true, follower: null, tellsNewService: false);

    // Internal: the agents' file only.
    public static readonly RequestEventKind Assigned = Internal("assigned", "Attribution");
    public static readonly RequestEventKind TransferReason = Internal("transfer_reason", "Motif du transfert");
    public static readonly RequestEventKind InternalNote = Internal("internal_note", "Note interne");
    public static readonly RequestEventKind PhoneCall = Internal("phone_call", "Appel téléphonique");
    public static readonly RequestEventKind VisitScheduled = Internal("visit_scheduled", "Visite programmée");
    public static readonly RequestEventKind VisitRecorded = Internal("visit_recorded", "Compte rendu de visite");
    public static readonly RequestEventKind ValidationRequested = Internal("validation_requested", "Validation demandée");
    public static readonly RequestEventKind ValidationDecided = Internal("validation_decided", "Décision de l'élu");
    public static readonly RequestEventKind ReopenReason = Internal("reopen_reason", "Motif de la réouverture");
    public static readonly RequestEventKind CounterEntry = Internal("counter_entry", "Saisie par un agent");

    private RequestEventKind(string name, string label, bool isPublic, string? mail, bool residentWords, string? follower, bool tellsNewService)
    {
        if (!isPublic && (mail is not null || follower is not null))
            throw new ArgumentException($"Un événement interne ({name}) n'est ni envoyé ni montré aux abonnés.", nameof(isPublic));
        if (residentWords && follower is not null)
            throw new ArgumentException($"Les mots de l'habitant ({name}) ne sont jamais montrés aux abonnés.", nameof(follower));
        Name = name;
        Label = label;
        IsPublic = isPublic;
        MailTemplate = mail;
        HoldsResidentWords = residentWords;
        FollowerText = follower;
        TellsNewService = tellsNewService;
        ByName.Add(name, this);
    }

    private static RequestEventKind Public(string name, string label, string? mail, string? follower, bool tellsNewService = false) =>
        new(name, label, isPublic: true, mail, residentWords: false, follower, tellsNewService);

    private static RequestEventKind Internal(string name, string label) =>
        new(name, label, isPublic: false, mail: null, residentWords: false, follower: null, tellsNewService: false);

    /// <summary>The stored name (column <c>request_events.kind</c>).</summary>
    public string Name { get; }

    /// <summary>How the agents' timeline names it.</summary>
    public string Label { get; }

    /// <summary>Shown to the resident (and, through <see cref="FollowerText"/>, to followers); internal otherwise.</summary>
    public bool IsPublic { get; }

    /// <summary>The mail template telling the resident of it; null when no mail follows (or it is sent otherwise, like the acknowledgement).</summary>
    public string? MailTemplate { get; }

    /// <summary>Its text is what the resident wrote: never shown, streamed or mailed to followers.</summary>
    public bool HoldsResidentWords { get; }

    /// <summary>What a follower reads instead of the event's text (written for the reporter); null: followers are not told.</summary>
    public string? FollowerText { get; }

    public bool ShownToFollowers => FollowerText is not null;

    /// <summary>The request's new service is told of it as of a new request (a transfer).</summary>
    public bool TellsNewService { get; }

    public static IReadOnlyCollection<RequestEventKind> All => ByName.Values;

    /// <summary>The kinds a follower is told of.</summary>
    public static IReadOnlyList<RequestEventKind> FollowerKinds { get; } = [.. All.Where(k => k.ShownToFollowers)];

    /// <summary>
    /// The kind stored under <paramref name="name"/>. A name no instance knows (written by a newer
    /// version, say) reads as an internal kind: shown to agents only, never to residents or followers.
    /// </summary>
    public static RequestEventKind FromName(string name) =>
        ByName.TryGetValue(name, out var kind) ? kind : new RequestEventKind(name);

    private RequestEventKind(string unknownName)
    {
        Name = unknownName;
        Label = "Événement";
    }

    public bool Equals(RequestEventKind? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as RequestEventKind);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public static bool operator ==(RequestEventKind? left, RequestEventKind? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(RequestEventKind? left, RequestEventKind? right) => !(left == right);

    public override string ToString() => Name;
}
