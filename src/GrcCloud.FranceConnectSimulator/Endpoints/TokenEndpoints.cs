using System.Text;

namespace GrcCloud.FranceConnectSimulator.Endpoints;

/// <summary>/token (client_secret_post only) and /userinfo (a signed JWT, never plain JSON).</summary>
internal static class TokenEndpoints
{
    private static readonly string[] PasswordMethod = ["pwd"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/token", TokenAsync);
        api.MapGet("/userinfo", UserInfo);
        api.MapPost("/userinfo", UserInfo);
    }

    private static async Task<IResult> TokenAsync(HttpRequest request, SimulatorClients clients, Grants grants, SimulatorIssuer issuer,
        TokenSigner signer, TimeProvider time, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(TokenEndpoints));
        IResult Fail(string error, string description, int status = StatusCodes.Status400BadRequest)
        {
            log.LogInformation("/token refusé : {Error} {Description}", error, description);
            return OAuthError(error, description, status);
        }

        if (request.Headers.Authorization.Count > 0)
            return Fail("invalid_client", "Seule la méthode client_secret_post est acceptée : client_id et client_secret dans le corps, pas d'en-tête Authorization.", StatusCodes.Status401Unauthorized);
        if (!request.HasFormContentType)
            return Fail("invalid_request", "Le corps doit être un formulaire application/x-www-form-urlencoded.");
        var form = await request.ReadFormAsync();
        var repeated = form.Where(p => p.Value.Count > 1).Select(p => p.Key).ToArray();
        if (repeated.Length > 0)
            return Fail("invalid_request", $"Paramètre en double : {string.Join(", ", repeated)}.");

        var client = clients.Find(form["client_id"].ToString());
        if (client is null || !Secrets.Same(form["client_secret"].ToString(), client.ClientSecret))
            return Fail("invalid_client", "Client inconnu ou secret incorrect.", StatusCodes.Status401Unauthorized);

        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0)
            return Fail("invalid_request", "Le paramètre grant_type est obligatoire.");
        if (grantType != "authorization_code")
            return Fail("unsupported_grant_type", $"grant_type « {grantType} » non pris en charge : seul authorization_code est accepté.");
        var codeValue = form["code"].ToString();
        if (codeValue.Length == 0)
            return Fail("invalid_request", "Le paramètre code est obligatoire.");

        // Taken, not read: whatever happens next, this code cannot be used again.
        var code = grants.Codes.Take(codeValue);
        if (code is null)
            return Fail("invalid_grant", "Code d'autorisation inconnu, expiré (30 secondes) ou déjà utilisé.");
        if (code.ClientId != client.ClientId)
            return Fail("invalid_grant", "Ce code d'autorisation a été délivré à un autre client.");
        if (code.RedirectUri != form["redirect_uri"].ToString())
            return Fail("invalid_grant", "redirect_uri ne correspond pas à celle de la demande d'autorisation.");

        var now = time.GetUtcNow();
        var expires = now + Grants.TokenLifetime;
        var accessToken = grants.AccessTokens.Add(new AccessToken(code.ClientId, code.Login, code.Scopes, expires), Grants.TokenLifetime);
        var idToken = signer.Sign(issuer.For(request), code.ClientId, now, expires, new Dictionary<string, object>
        {
            ["sub"] = PairwiseSubject.Compute(code.ClientId, code.Login),
            ["nonce"] = code.Nonce,
            ["acr"] = code.Acr,
            ["amr"] = PasswordMethod,
            ["auth_time"] = code.AuthTime.ToUnixTimeSeconds(),
        });

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        request.HttpContext.Response.Headers.Pragma = "no-cache";
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)Grants.TokenLifetime.TotalSeconds,
            ["id_token"] = idToken,
        });
    }

    private static IResult UserInfo(HttpRequest request, Grants grants, TestIdentities identities, SimulatorIssuer issuer, TokenSigner signer, TimeProvider time)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Unauthorized("Bearer", "invalid_request", "Jeton d'accès absent : en-tête Authorization: Bearer attendu.");
        var token = grants.AccessTokens.Find(header["Bearer ".Length..].Trim());
        var identity = token is null ? null : identities.Find(token.Login);
        if (token is null || identity is null)
            return Unauthorized("Bearer error=\"invalid_token\"", "invalid_token", "Jeton d'accès inconnu ou expiré (60 secondes).");

        var claims = new Dictionary<string, object> { ["sub"] = PairwiseSubject.Compute(token.ClientId, token.Login) };
        foreach (var claim in Scopes.ClaimsOf(token.Scopes))
        {
            var value = identity.Claim(claim);
            // FranceConnect leaves out what it does not know, but always gives the usage name, possibly empty.
            if (value.Length > 0 || claim == "preferred_username")
                claims[claim] = value;
        }
        // Like FranceConnect (node-oidc-provider), the userinfo JWT lives as long as the access token.
        var jwt = signer.Sign(issuer.For(request), token.ClientId, time.GetUtcNow(), token.ExpiresAt, claims);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Text(jwt, "application/jwt", Encoding.UTF8);
    }

    private static IResult OAuthError(string error, string description, int status) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    /// <summary>401 with a challenge; the header stays ASCII, the French description goes in the body.</summary>
    private static ChallengeResult Unauthorized(string challenge, string error, string description) => new ChallengeResult(challenge, OAuthError(error, description, StatusCodes.Status401Unauthorized));

    private sealed class ChallengeResult(string challenge, IResult body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = challenge;
            return body.ExecuteAsync(httpContext);
        }
    }
}
