using System.Security.Claims;
using GrcCloud.Data.Platform;

namespace GrcCloud.Host.Features.Operator.Towns.Town;

/// <summary>Who acts on a town: a signed-in operator of the console (or, later, of the API), or the command line.</summary>
public sealed record TownActor(Guid? OperatorId, string Email, string Role, bool IsCommandLine, string? ApiToken = null)
{
    /// <summary>The command line runs on the platform's own machine, with an administrator's rights.</summary>
    public static TownActor CommandLine { get; } = new(null, $"cli:{Environment.UserName}", OperatorRoles.Administrator, true);

    public static TownActor Operator(ClaimsPrincipal user) =>
        new(OperatorAccess.Id(user), OperatorAccess.Email(user), OperatorAccess.Role(user), false);

    /// <summary>An operator through the operators' API: the journal names the operator and says which token acted.</summary>
    public static TownActor Api(ClaimsPrincipal user) =>
        new(OperatorAccess.Id(user), OperatorAccess.Email(user), OperatorAccess.Role(user), false,
            user.FindFirst(GrcCloud.Host.Features.OperatorApi.OperatorTokenHandler.TokenIdClaim)?.Value ?? "?");

    /// <summary>Only administrators change a town (support reads, billing reads and bills).</summary>
    public bool MayAct => Role == OperatorRoles.Administrator;
}

public enum TownActionOutcome
{
    Done,
    /// <summary>Refused for the reasons in <see cref="TownActionResult.Errors"/> (an API answers 400 or 409 with them).</summary>
    Refused,
    NotFound,
    Forbidden,
}

/// <summary>
/// The answer of every town action: done, or refused with French messages keyed by the field they
/// are about ("" for the action as a whole), so a page puts them next to its fields and an API in
/// its problem details.
/// </summary>
public sealed record TownActionResult(TownActionOutcome Outcome, IReadOnlyDictionary<string, string> Errors, string? Warning = null)
{
    public bool Succeeded => Outcome == TownActionOutcome.Done;

    public static TownActionResult Done(string? warning = null) => new(TownActionOutcome.Done, new Dictionary<string, string>(), warning);
    public static TownActionResult NotFound { get; } = new(TownActionOutcome.NotFound, new Dictionary<string, string> { [""] = "Commune inconnue." });
    public static TownActionResult Forbidden { get; } = new(TownActionOutcome.Forbidden, new Dictionary<string, string> { [""] = "Seul un opérateur administrateur peut modifier une commune." });
    public static TownActionResult Refused(string field, string message) => new(TownActionOutcome.Refused, new Dictionary<string, string> { [field] = message });
    public static TownActionResult Refused(IReadOnlyDictionary<string, string> errors) => new(TownActionOutcome.Refused, errors);

    /// <summary>One line for the command line.</summary>
    public string FirstError => Errors.Values.FirstOrDefault() ?? "";
}

/// <summary>The field names of <see cref="TownActionResult.Errors"/>.</summary>
public static class TownFields
{
    public const string Name = "name";
    public const string Siret = "siret";
    public const string AddressLine = "addressLine";
    public const string PostalCode = "postalCode";
    public const string City = "city";
    public const string ContactPhone = "contactPhone";
    public const string ContactEmail = "contactEmail";
    public const string ContactAddress = "contactAddress";
    public const string Area = "area";
    public const string Host = "host";
    public const string Environment = "environment";
    public const string ClientId = "clientId";
    public const string ClientSecret = "clientSecret";
    public const string Reason = "reason";
    public const string Confirmation = "confirmation";
    public const string Whole = "";
}
