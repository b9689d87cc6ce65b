namespace GrcCloud.FranceConnectSimulator.Endpoints;

/// <summary>/session/end: the logout every service must send its users through, with the state round trip.</summary>
internal static class SessionEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapGet("/session/end", EndAsync);

    private static async Task<IResult> EndAsync(HttpRequest request, SimulatorClients clients, Grants grants, SimulatorIssuer issuer,
        TokenSigner signer, ILoggerFactory logs)
    {
        var query = request.Query;
        var log = logs.CreateLogger(typeof(SessionEndpoints));
        var hint = query["id_token_hint"].ToString();
        var state = query["state"].ToString();
        var postLogoutUri = query["post_logout_redirect_uri"].ToString();
        if (hint.Length == 0 || state.Length == 0 || postLogoutUri.Length == 0)
            return Pages.Error("Déconnexion impossible", "La demande de déconnexion doit préciser id_token_hint, state et post_logout_redirect_uri.");

        var idToken = await signer.ReadOwnTokenAsync(hint, issuer.For(request));
        if (idToken is null)
        {
            log.LogInformation("/session/end refusé : id_token_hint non reconnu");
            return Pages.Error("Déconnexion impossible", "Le jeton d'identité fourni (id_token_hint) n'a pas été émis par ce simulateur.");
        }
        var client = idToken.Audiences.Select(clients.Find).FirstOrDefault(c => c is not null);
        if (client is null || !client.PostLogoutRedirectUris.Contains(postLogoutUri, StringComparer.Ordinal))
        {
            log.LogInformation("/session/end refusé : {Uri} non enregistrée", postLogoutUri);
            return Pages.Error("Adresse de retour non enregistrée",
                $"L'adresse de retour après déconnexion « {postLogoutUri} » n'est pas enregistrée pour ce service.",
                "Par sécurité, le simulateur ne vous redirige pas vers une adresse qu'il n'a pas vérifiée.");
        }

        grants.Sessions.Remove(request.Cookies[AuthorizeEndpoints.SessionCookie]);
        request.HttpContext.Response.Cookies.Delete(AuthorizeEndpoints.SessionCookie, new CookieOptions { Path = issuer.LocalPath(request, "") });
        return Redirects.To(postLogoutUri, ("state", state));
    }
}
