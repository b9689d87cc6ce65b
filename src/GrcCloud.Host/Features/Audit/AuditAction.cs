namespace GrcCloud.Host.Features.Audit;

/// <summary>
/// What an entry of the town's audit log records: the code stored in <c>audit_log.action</c> (the
/// strings the column always held) and how the supervisor's journal reads it. One instance per
/// action and <see cref="AuditLog"/> takes only these: an action that does not exist, or has no
/// words, no longer compiles.
/// </summary>
public sealed class AuditAction
{
    private static readonly Dictionary<string, AuditAction> ByCode = new(StringComparer.Ordinal);

    // A request's file (RequestDetail, RequestWorkflow, the counter).
    public static readonly AuditAction RequestViewed = new("request.viewed", "Demande consultée");
    public static readonly AuditAction RequestTaken = new("request.taken", "Demande prise en charge");
    public static readonly AuditAction RequestAssigned = new("request.assigned", "Demande attribuée");
    public static readonly AuditAction RequestTransferred = new("request.transferred", "Demande transférée");
    public static readonly AuditAction RequestStatus = new("request.status", "État changé");
    public static readonly AuditAction RequestNote = new("request.note", "Note interne ajoutée");
    public static readonly AuditAction RequestCall = new("request.call", "Appel téléphonique enregistré");
    public static readonly AuditAction RequestVisitScheduled = new("request.visit_scheduled", "Visite programmée");
    public static readonly AuditAction RequestVisitRecorded = new("request.visit_recorded", "Compte rendu de visite");
    public static readonly AuditAction RequestInformationRequested = new("request.information_requested", "Information demandée à l'habitant");
    public static readonly AuditAction RequestValidationRequested = new("request.validation_requested", "Validation demandée à un élu");
    public static readonly AuditAction RequestValidationDecided = new("request.validation_decided", "Décision de l'élu");
    public static readonly AuditAction RequestResolved = new("request.resolved", "Réponse envoyée : traitée");
    public static readonly AuditAction RequestRejected = new("request.rejected", "Réponse envoyée : refusée");
    public static readonly AuditAction RequestClosed = new("request.closed", "Demande clôturée");
    public static readonly AuditAction RequestReopened = new("request.reopened", "Demande rouverte");
    public static readonly AuditAction RequestCounterEntry = new("request.counter_entry", "Demande saisie pour un habitant");
    public static readonly AuditAction RequestsExported = new("requests.exported", "Liste des demandes exportée");

    // The agent's own settings.
    public static readonly AuditAction AgentPreferences = new("agent.preferences", "Préférences de notification modifiées");

    // The catalogue and the town's settings (CatalogueChanges).
    public static readonly AuditAction FamilyCreated = new("family.created", "Famille de démarches créée");
    public static readonly AuditAction FamilyUpdated = new("family.updated", "Famille de démarches modifiée");
    public static readonly AuditAction FamilyMoved = new("family.moved", "Famille de démarches déplacée");
    public static readonly AuditAction FamilyDeleted = new("family.deleted", "Famille de démarches supprimée");
    public static readonly AuditAction ThemeCreated = new("theme.created", "Démarche créée");
    public static readonly AuditAction ThemeUpdated = new("theme.updated", "Démarche modifiée");
    public static readonly AuditAction ThemeFormUpdated = new("theme.form_updated", "Formulaire d'une démarche modifié");
    public static readonly AuditAction ServiceCreated = new("service.created", "Service créé");
    public static readonly AuditAction ServiceUpdated = new("service.updated", "Service modifié");
    public static readonly AuditAction ServiceCorrespondentAdded = new("service.correspondent_added", "Correspondant ajouté à un service");
    public static readonly AuditAction ServiceCorrespondentRemoved = new("service.correspondent_removed", "Correspondant retiré d'un service");
    public static readonly AuditAction ReplyCreated = new("reply.created", "Modèle de réponse créé");
    public static readonly AuditAction ReplyUpdated = new("reply.updated", "Modèle de réponse modifié");
    public static readonly AuditAction ReplyDeleted = new("reply.deleted", "Modèle de réponse supprimé");
    public static readonly AuditAction MailUpdated = new("mail.updated", "Texte de courriel modifié");
    public static readonly AuditAction MailRestored = new("mail.restored", "Texte de courriel rétabli");
    public static readonly AuditAction TownContactUpdated = new("town.contact_updated", "Coordonnées de la mairie modifiées");
    public static readonly AuditAction TownBannerSet = new("town.banner_set", "Bandeau d'information publié");
    public static readonly AuditAction TownBannerCleared = new("town.banner_cleared", "Bandeau d'information retiré");

    // The town's integrations.
    public static readonly AuditAction WebhookSubscribed = new("webhook.subscribed", "Abonnement webhook créé");
    public static readonly AuditAction WebhookDeleted = new("webhook.deleted", "Abonnement webhook supprimé");
    public static readonly AuditAction Open311KeyIssued = new("open311_key_issued", "Clé Open311 délivrée");
    public static readonly AuditAction Open311KeyRevoked = new("open311_key_revoked", "Clé Open311 révoquée");

    private AuditAction(string code, string label)
    {
        if (string.IsNullOrWhiteSpace(label))
            throw new ArgumentException($"L'action {code} n'a pas de libellé.", nameof(label));
        Code = code;
        Label = label;
        ByCode.Add(code, this); // a duplicate code fails at start
    }

    /// <summary>The stored code (column <c>audit_log.action</c>).</summary>
    public string Code { get; }

    /// <summary>How the journal reads it.</summary>
    public string Label { get; }

    public static IReadOnlyCollection<AuditAction> All => ByCode.Values;

    /// <summary>The journal's words for a stored code; the code itself for one no instance knows (written by a newer version, say).</summary>
    public static string LabelOf(string code) => ByCode.TryGetValue(code, out var action) ? action.Label : code;

    public static bool IsKnown(string code) => ByCode.ContainsKey(code);

    public override string ToString() => Code;
}
