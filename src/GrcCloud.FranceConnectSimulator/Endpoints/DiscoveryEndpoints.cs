namespace GrcCloud.FranceConnectSimulator.Endpoints;

/// <summary>The discovery document and the key set, as FranceConnect v2 publishes them.</summary>
internal static class DiscoveryEndpoints
{
    // No code_challenge_methods_supported: FranceConnect refuses PKCE, and clients such as OpenIddict
    // send a challenge as soon as discovery advertises S256.
    private static readonly Dictionary<string, object> Capabilities = new()
    {
        ["response_types_supported"] = new[] { "code" },
        ["grant_types_supported"] = new[] { "authorization_code" },
        ["subject_types_supported"] = new[] { "pairwise" },
        ["scopes_supported"] = Scopes.Claims.Keys.ToArray(),
        ["claims_supported"] = (string[])["sub", .. Scopes.UserClaims, "acr", "amr", "auth_time", "nonce"],
        ["acr_values_supported"] = new[] { AuthorizeEndpoints.Acr },
        ["prompt_values_supported"] = new[] { "login", "consent" },
        ["claims_parameter_supported"] = true,
        ["request_parameter_supported"] = false,
        ["request_uri_parameter_supported"] = false,
        ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        ["userinfo_signing_alg_values_supported"] = new[] { "ES256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
        ["ui_locales_supported"] = new[] { "fr" },
    };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/.well-known/openid-configuration", Discovery);
        api.MapGet("/jwks", (SimulatorSigningKeys keys) => Results.Json(keys.PublicKeySet()));
    }

    private static IResult Discovery(HttpRequest request, SimulatorIssuer issuer)
    {
        var baseUrl = issuer.For(request);
        var document = new Dictionary<string, object>
        {
            ["issuer"] = baseUrl,
            ["authorization_endpoint"] = baseUrl + "/authorize",
            ["token_endpoint"] = baseUrl + "/token",
            ["userinfo_endpoint"] = baseUrl + "/userinfo",
            ["end_session_endpoint"] = baseUrl + "/session/end",
            ["jwks_uri"] = baseUrl + "/jwks",
        };
        foreach (var (name, value) in Capabilities)
            document[name] = value;
        return Results.Json(document);
    }
}
