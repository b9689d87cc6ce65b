namespace GrcCloud.Host.Features.Notifications;

/// <summary>A mail the town sends: who gets it and when, and the placeholders its text may use.</summary>
public sealed record MailKind(string Key, string Label, string WhoAndWhen, IReadOnlyList<string> Placeholders);

/// <summary>
/// The town's mails, their French names and their placeholders: what the recipes must provide, and
/// what the supervisor may write in them (a placeholder the sending code does not fill is refused).
/// </summary>
public static class MailKinds
{
    private static readonly string[] Request = ["{name}", "{reference}", "{theme}", "{service}", "{link}", "{town}"];

    public static readonly IReadOnlyList<MailKind> All =
    [
        new("acknowledgement", "Accusé de réception", "à l'habitant, dès l'envoi de sa demande", [.. Request, "{due_date}"]),
        new("status_changed", "Nouvelle étape", "à l'habitant, à chaque étape publique de sa demande", [.. Request, "{status}", "{message}"]),
        new("follower_update", "Suivi d'un signalement", "aux habitants qui suivent le signalement d'un autre, à chaque étape publique (jamais le texte écrit pour son auteur)", [.. Request, "{status}", "{message}"]),
        new("information_requested", "Complément demandé", "à l'habitant, quand le service lui demande une information ou une pièce", [.. Request, "{message}"]),
        new("resolved", "Demande traitée", "à l'habitant, avec la réponse du service", [.. Request, "{message}"]),
        new("rejected", "Demande refusée", "à l'habitant, avec le motif et les voies de recours", [.. Request, "{message}"]),
        new("due_reminder", "Rappel d'échéance", "à l'agent chargé de la demande, avant la date d'échéance", ["{name}", "{reference}", "{theme}", "{service}", "{status}", "{due_date}", "{link}", "{town}"]),
        new("agent_new_request", "Nouvelle demande pour le service", "aux correspondants du service qui reçoivent un courriel par demande", [.. Request, "{due_date}"]),
        new("agent_daily_digest", "Récapitulatif du matin", "aux correspondants qui ont choisi un récapitulatif quotidien", ["{name}", "{service}", "{message}", "{link}", "{town}"]),
        new("overdue_digest", "Demandes en retard", "aux chefs de service, chaque matin s'il y a des demandes en retard", ["{name}", "{service}", "{message}", "{link}", "{town}"]),
        new("account_confirmation", "Confirmation de l'adresse", "à l'habitant qui crée son compte", ["{name}", "{link}", "{town}"]),
        new("account_exists", "Compte déjà existant", "à l'adresse d'un compte existant, quand quelqu'un crée un compte avec elle", ["{name}", "{link}", "{town}"]),
        new("password_reset", "Mot de passe oublié", "à la personne qui demande un nouveau mot de passe", ["{name}", "{link}", "{town}"]),
        new("agent_invitation", "Invitation d'un agent", "à l'agent invité à rejoindre le portail de la mairie", ["{name}", "{service}", "{link}", "{town}"]),
    ];

    public static MailKind? Find(string? key) => All.FirstOrDefault(k => k.Key == key);

    /// <summary>The placeholders of <paramref name="text"/> this mail does not fill ("{nom}", "{date}").</summary>
    public static IReadOnlyList<string> Unknown(MailKind kind, string text) => TownMailer.UnknownPlaceholders(text, kind.Placeholders);

    /// <summary>Example values, for the editor's preview.</summary>
    public static IReadOnlyDictionary<string, string?> Examples(string town) => new Dictionary<string, string?>
    {
        ["name"] = "Camille Martin",
        ["reference"] = "LAV-2026-000123",
        ["theme"] = "Signaler un lampadaire en panne",
        ["service"] = "Services techniques",
        ["link"] = "https://…/mes-demandes/LAV-2026-000123",
        ["town"] = town,
        ["due_date"] = "12 décembre 2026",
        ["status"] = "En cours de traitement",
        ["message"] = "(le message du service)",
    };
}
