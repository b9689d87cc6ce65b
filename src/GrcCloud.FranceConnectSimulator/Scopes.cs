namespace GrcCloud.FranceConnectSimulator;

/// <summary>FranceConnect v2 scopes and the claims each one gives. No address and no phone in v2.</summary>
internal static class Scopes
{
    public static readonly IReadOnlyDictionary<string, string[]> Claims = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["openid"] = [],
        ["profile"] = ["given_name", "family_name", "birthdate", "gender", "preferred_username"],
        ["birth"] = ["birthplace", "birthcountry"],
        ["email"] = ["email"],
        ["given_name"] = ["given_name"],
        ["family_name"] = ["family_name"],
        ["birthdate"] = ["birthdate"],
        ["gender"] = ["gender"],
        ["birthplace"] = ["birthplace"],
        ["birthcountry"] = ["birthcountry"],
        ["preferred_username"] = ["preferred_username"],
    };

    public static readonly string[] UserClaims =
        ["given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email", "preferred_username"];

    /// <summary>How the login page tells the person what the service will receive.</summary>
    public static readonly IReadOnlyDictionary<string, string> ClaimLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["given_name"] = "prénoms",
        ["family_name"] = "nom de naissance",
        ["preferred_username"] = "nom d'usage",
        ["birthdate"] = "date de naissance",
        ["gender"] = "sexe",
        ["birthplace"] = "lieu de naissance",
        ["birthcountry"] = "pays de naissance",
        ["email"] = "adresse électronique",
    };

    public static string[] Parse(string? scope) =>
        (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The claims of the granted scopes, in a stable order.</summary>
    public static string[] ClaimsOf(IEnumerable<string> scopes)
    {
        var granted = scopes.SelectMany(s => Claims.TryGetValue(s, out var claims) ? claims : []).ToHashSet(StringComparer.Ordinal);
        return UserClaims.Where(granted.Contains).ToArray();
    }
}
