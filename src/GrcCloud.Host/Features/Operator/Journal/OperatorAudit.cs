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
    public const string TownSuspended = "commune-suspendue";
    public const string TownResumed = "commune-remise-en-service";
    public const string TownRemoved = "commune-supprimee";
    public const string ApiTokenCreated = "jeton-api-cree";
    public const string ApiTokenRevoked = "jeton-api-revoque";
    public const string FranceConnectSet = "franceconnect-enregistre";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SignIn] = "Connexion",
        [SignInFailed] = "Connexion refusée",
        [Activation] = "Activation du compte",
        [OperatorCreated] = "Création d'un opérateur",
        [RoleChanged] = "Changement de rôle",
        [TownCreated] = "Création d'une commune",
        [TownSuspended] = "Suspension d'une commune",
        [TownResumed] = "Remise en service d'une commune",
        [TownRemoved] = "Suppression d'une commune",
        [ApiTokenCreated] = "Création d'un jeton d'API",
        [ApiTokenRevoked] = "Révocation d'un jeton d'API",
        [FranceConnectSet] = "Identifiants FranceConnect enregistrés",
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
