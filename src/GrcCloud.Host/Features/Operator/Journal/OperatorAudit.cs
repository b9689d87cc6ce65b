using GrcCloud.Data.Platform;

namespace GrcCloud.Host.Features.Operator;

/// <summary>The actions written to the operators' audit log, with their French labels.</summary>
public static class OperatorActions
{
    public const string SignIn = "connexion";
    public const string SignInFailed = "connexion-refusee";
    public const string Activation = "activation";
    public const string OperatorCreated = "operateur-cree";
    public const string RoleChanged = "role-modifie";
    public const string TownCreated = "commune-creee";
    public const string TownCreationRequested = "commune-creation-demandee";
    public const string TownCreationFailed = "commune-creation-echouee";
    public const string TownCreationRetried = "commune-creation-relancee";
    public const string TownSuspended = "commune-suspendue";
    public const string TownResumed = "commune-remise-en-service";
    public const string TownRemoved = "commune-supprimee";
    public const string TownEdited = "commune-modifiee";
    public const string TownHostAdded = "domaine-ajoute";
    public const string TownHostRemoved = "domaine-retire";
    public const string TownFranceConnect = "franceconnect-modifie";
    public const string TownCancelled = "commune-resiliee";
    public const string TownReactivated = "commune-reactivee";
    public const string TownExported = "commune-exportee";
    public const string TownExportDownloaded = "export-telecharge";
    public const string TownPurged = "commune-purgee";
    public const string PlanCreated = "formule-creee";
    public const string PlanChanged = "formule-modifiee";
    public const string PlanArchived = "formule-archivee";
    public const string BillingDetailsChanged = "facturation-coordonnees";
    public const string BillingStarted = "facturation-demarree";
    public const string BillingSynced = "facturation-synchronisee";
    public const string TransferRecorded = "virement-enregistre";
    public const string BillingSettingsChanged = "facturation-delais";
    public const string BillingSuspended = "suspension-impaye";
    public const string BillingResumed = "reprise-apres-paiement";
    public const string ApiTokenCreated = "jeton-api-cree";
    public const string ApiTokenRevoked = "jeton-api-revoque";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SignIn] = "Connexion",
        [SignInFailed] = "Connexion refusée",
        [Activation] = "Activation du compte",
        [OperatorCreated] = "Création d'un opérateur",
        [RoleChanged] = "Changement de rôle",
        [TownCreated] = "Création d'une commune",
        [TownCreationRequested] = "Création d'une commune demandée",
        [TownCreationFailed] = "Création d'une commune en échec",
        [TownCreationRetried] = "Création d'une commune relancée",
        [TownSuspended] = "Suspension d'une commune",
        [TownResumed] = "Remise en service d'une commune",
        [TownRemoved] = "Suppression d'une commune",
        [TownEdited] = "Modification d'une commune",
        [TownHostAdded] = "Ajout d'un domaine",
        [TownHostRemoved] = "Retrait d'un domaine",
        [TownFranceConnect] = "Identifiants FranceConnect",
        [TownCancelled] = "Résiliation d'une commune",
        [TownReactivated] = "Réactivation d'une commune",
        [TownExported] = "Export des données d'une commune",
        [TownExportDownloaded] = "Téléchargement d'un export",
        [TownPurged] = "Suppression définitive des données d'une commune",
        [PlanCreated] = "Création d'une formule",
        [PlanChanged] = "Modification d'une formule",
        [PlanArchived] = "Archivage d'une formule",
        [BillingDetailsChanged] = "Coordonnées de facturation d'une commune",
        [BillingStarted] = "Démarrage de la facturation",
        [BillingSynced] = "Synchronisation avec Stripe",
        [TransferRecorded] = "Virement reçu enregistré",
        [BillingSettingsChanged] = "Délais de paiement",
        [BillingSuspended] = "Suspension pour défaut de paiement",
        [BillingResumed] = "Remise en service après paiement",
        [ApiTokenCreated] = "Création d'un jeton d'API",
        [ApiTokenRevoked] = "Révocation d'un jeton d'API",
    };

    public static string Label(string action) => Labels.TryGetValue(action, out var label) ? label : action;
}

/// <summary>Writes the operators' audit log (platform.operator_audit): console actions with the client address, command-line ones with the command.</summary>
public sealed class OperatorAudit(PlatformDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public async Task RecordAsync(string action, Guid? operatorId, string operatorEmail, string? townSlug, string? details)
    {
        db.OperatorAudit.Add(new OperatorAuditEntry
        {
            At = clock.GetUtcNow(),
            OperatorId = operatorId,
            OperatorEmail = Truncate(operatorEmail, 256)!,
            Action = action,
            TownSlug = townSlug,
            Details = Truncate(details, 2000),
            ClientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A command-line action: who ran it is the OS user, what was run is the command line.</summary>
    public Task RecordCommandAsync(string action, string? townSlug, string? details) =>
        RecordAsync(action, null, $"cli:{Environment.UserName}", townSlug, string.Join(' ', ["grccloud", .. Environment.GetCommandLineArgs().Skip(1)]) + (details is null ? "" : $" — {details}"));

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
