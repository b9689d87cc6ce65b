namespace GrcCloud.Host.Features.BackOffice.Audit;

/// <summary>
/// How the journal reads the action codes that the town's AuditLog callers write (RequestWorkflow,
/// RequestDetail, CatalogueChanges, Preferences, CounterEntry, the statistics export). A code not
/// listed here, one added later, shows as written rather than disappearing.
/// </summary>
public static class AuditLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["request.viewed"] = "Demande consultée",
        ["request.taken"] = "Demande prise en charge",
        ["request.assigned"] = "Demande attribuée",
        ["request.transferred"] = "Demande transférée",
        ["request.status"] = "État changé",
        ["request.note"] = "Note interne ajoutée",
        ["request.call"] = "Appel téléphonique enregistré",
        ["request.visit_scheduled"] = "Visite programmée",
        ["request.visit_recorded"] = "Compte rendu de visite",
        ["request.information_requested"] = "Information demandée à l'habitant",
        ["request.validation_requested"] = "Validation demandée à un élu",
        ["request.validation_decided"] = "Décision de l'élu",
        ["request.resolved"] = "Réponse envoyée : traitée",
        ["request.rejected"] = "Réponse envoyée : refusée",
        ["request.closed"] = "Demande clôturée",
        ["request.reopened"] = "Demande rouverte",
        ["request.counter_entry"] = "Demande saisie pour un habitant",
        ["requests.exported"] = "Liste des demandes exportée",
        ["agent.preferences"] = "Préférences de notification modifiées",
        ["family.created"] = "Famille de démarches créée",
        ["family.updated"] = "Famille de démarches modifiée",
        ["family.moved"] = "Famille de démarches déplacée",
        ["family.deleted"] = "Famille de démarches supprimée",
        ["theme.created"] = "Démarche créée",
        ["theme.updated"] = "Démarche modifiée",
        ["theme.form_updated"] = "Formulaire d'une démarche modifié",
        ["service.created"] = "Service créé",
        ["service.updated"] = "Service modifié",
        ["service.correspondent_added"] = "Correspondant ajouté à un service",
        ["service.correspondent_removed"] = "Correspondant retiré d'un service",
        ["reply.created"] = "Modèle de réponse créé",
        ["reply.updated"] = "Modèle de réponse modifié",
        ["reply.deleted"] = "Modèle de réponse supprimé",
        ["mail.updated"] = "Texte de courriel modifié",
        ["mail.restored"] = "Texte de courriel rétabli",
        ["town.contact_updated"] = "Coordonnées de la mairie modifiées",
        ["town.banner_set"] = "Bandeau d'information publié",
        ["town.banner_cleared"] = "Bandeau d'information retiré",
    };

    /// <summary>The action in words, or the code itself when it has no label yet.</summary>
    public static string Of(string action) => Labels.GetValueOrDefault(action, action);

    public static bool IsKnown(string action) => Labels.ContainsKey(action);
}
