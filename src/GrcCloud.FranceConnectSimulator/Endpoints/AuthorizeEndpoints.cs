using System.Text.Json;

namespace GrcCloud.FranceConnectSimulator.Endpoints;

/// <summary>/authorize with FranceConnect's strict checks, then the login page of the demonstration identity provider.</summary>
internal static class AuthorizeEndpoints
{
    public const string SessionCookie = "fc_simulator_session";
    public const int MinimumStateLength = 32;
    public const string Acr = "eidas1";

    // FranceConnect's whitelist: anything else (PKCE, response_mode, login_hint, telemetry) is refused.
    private static readonly HashSet<string> AllowedParameters = new(StringComparer.Ordinal)
    {
        "client_id", "response_type", "redirect_uri", "scope", "acr_values", "state", "nonce", "prompt", "claims", "idp_hint", "ui_locales",
    };
    private static readonly HashSet<string> AllowedPrompts = new(StringComparer.Ordinal) { "login", "consent" };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/authorize", Authorize);
        api.MapPost("/login", LoginAsync);
    }

    private static IResult Authorize(HttpRequest request, SimulatorClients clients, TestIdentities identities, Grants grants,
        SimulatorIssuer issuer, TimeProvider time, ILoggerFactory logs)
    {
        var query = request.Query;
        var log = logs.CreateLogger(typeof(AuthorizeEndpoints));

        // Until client and redirect URI are verified, errors are a page: never a redirect to an unchecked address.
        if (query["client_id"].Count > 1 || query["redirect_uri"].Count > 1)
            return Pages.Error("Demande invalide", "Les paramètres client_id et redirect_uri ne peuvent figurer qu'une fois.");
        var clientId = query["client_id"].ToString();
        if (clientId.Length == 0)
            return Pages.Error("Service inconnu", "La demande ne précise pas le fournisseur de service (paramètre client_id manquant).");
        var client = clients.Find(clientId);
        if (client is null)
        {
            log.LogInformation("/authorize refusé : client {ClientId} inconnu", clientId);
            return Pages.Error("Service inconnu", $"Le fournisseur de service « {clientId} » n'est pas enregistré auprès du simulateur FranceConnect.");
        }
        var redirectUri = query["redirect_uri"].ToString();
        if (redirectUri.Length == 0)
            return Pages.Error("Adresse de retour manquante", "La demande ne précise pas l'adresse de retour vers le service (paramètre redirect_uri manquant).");
        if (!client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            log.LogInformation("/authorize refusé : redirect_uri {RedirectUri} non enregistrée pour {ClientId}", redirectUri, clientId);
            return Pages.Error("Adresse de retour non enregistrée",
                $"L'adresse de retour « {redirectUri} » n'est pas enregistrée pour le service « {clientId} ».",
                "Par sécurité, le simulateur ne vous redirige pas vers une adresse qu'il n'a pas vérifiée.");
        }

        var state = query["state"].Count == 1 ? query["state"][0] : null;
        var refusal = Check(query);
        if (refusal is var (error, description))
        {
            log.LogInformation("/authorize refusé pour {ClientId} : {Error} {Description}", clientId, error, description);
            return Redirects.Error(redirectUri, error, description, state);
        }

        var scopes = Scopes.Parse(query["scope"]);
        var pending = new PendingAuthorization(client, redirectUri, scopes, state!, query["nonce"].ToString(), Acr);
        var requestId = grants.Pending.Add(pending, Grants.PendingLifetime);
        return Pages.Login(LoginModel(request, issuer, pending, requestId, identities, time));
    }

    /// <summary>The checks FranceConnect makes once the redirect URI is trusted: null when the request is acceptable.</summary>
    private static (string Error, string Description)? Check(IQueryCollection query)
    {
        var unknown = query.Keys.Where(k => !AllowedParameters.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
            return ("invalid_request", $"Paramètre non autorisé par FranceConnect : {string.Join(", ", unknown)}.");
        var repeated = query.Where(p => p.Value.Count > 1).Select(p => p.Key).ToArray();
        if (repeated.Length > 0)
            return ("invalid_request", $"Paramètre en double : {string.Join(", ", repeated)}.");

        var responseType = query["response_type"].ToString();
        if (responseType.Length == 0)
            return ("invalid_request", "Le paramètre response_type est obligatoire.");
        if (responseType != "code")
            return ("unsupported_response_type", $"response_type « {responseType} » non pris en charge : seul « code » est accepté.");

        var scopes = Scopes.Parse(query["scope"]);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
            return ("invalid_scope", "Le scope openid est obligatoire.");
        var unknownScopes = scopes.Where(s => !Scopes.Claims.ContainsKey(s)).ToArray();
        if (unknownScopes.Length > 0)
            return ("invalid_scope", $"Scope inconnu de FranceConnect v2 : {string.Join(", ", unknownScopes)}.");

        var acr = query["acr_values"].ToString();
        if (acr.Length == 0)
            return ("invalid_request", "Le paramètre acr_values est obligatoire (eidas1).");
        if (acr != Acr)
            return ("invalid_request", $"acr_values « {acr} » non pris en charge : seul « eidas1 » est accepté.");

        foreach (var name in new[] { "state", "nonce" })
        {
            var value = query[name].ToString();
            if (value.Length == 0)
                return ("invalid_request", $"Le paramètre {name} est obligatoire.");
            if (value.Length < MinimumStateLength)
                return ("invalid_request", $"Le paramètre {name} doit compter au moins {MinimumStateLength} caractères.");
        }

        if (query.ContainsKey("prompt"))
        {
            var prompts = query["prompt"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (prompts.Length == 0 || prompts.Any(p => !AllowedPrompts.Contains(p)))
                return ("invalid_request", "Le paramètre prompt n'accepte que « login » et « consent ».");
        }

        if (query.ContainsKey("claims") && !IsJsonObject(query["claims"].ToString()))
            return ("invalid_request", "Le paramètre claims doit être un objet JSON.");
        return null;
    }

    private static async Task<IResult> LoginAsync(HttpRequest request, TestIdentities identities, Grants grants,
        SimulatorIssuer issuer, TimeProvider time)
    {
        if (!request.HasFormContentType)
            return Pages.Error("Demande invalide", "Le formulaire de connexion n'a pas été reçu.");
        var form = await request.ReadFormAsync();
        // The request id is random and single use: it also stands as the anti-forgery token of the form.
        var requestId = form["request"].ToString();
        var pending = grants.Pending.Find(requestId);
        if (pending is null)
            return Pages.Error("Demande expirée", "Cette demande de connexion a expiré ou a déjà été traitée.");

        if (form["action"] == "refuse")
        {
            grants.Pending.Remove(requestId);
            return Redirects.Error(pending.RedirectUri, "access_denied", "L'usager a refusé de se connecter avec FranceConnect.", pending.State);
        }

        var login = form["login"].ToString().Trim();
        var identity = identities.Find(login);
        var error = login.Length == 0 ? new Pages.LoginError("login", "Saisissez votre identifiant.")
            : identity is null ? new Pages.LoginError("login", "Identifiant inconnu : choisissez une des identités de test de la liste ci-dessous.")
            : !Secrets.Same(form["password"].ToString(), identity.Password) ? new Pages.LoginError("password", "Mot de passe incorrect. Le mot de passe des identités de test est 123.")
            : null;
        if (error is not null)
            return Pages.Login(LoginModel(request, issuer, pending, requestId, identities, time) with { Login = login, Error = error });

        if (grants.Pending.Take(requestId) is null)
            return Pages.Error("Demande expirée", "Cette demande de connexion a expiré ou a déjà été traitée.");
        var now = time.GetUtcNow();
        var code = grants.Codes.Add(
            new AuthorizationCode(pending.Client.ClientId, pending.RedirectUri, pending.Scopes, pending.Nonce, pending.Acr, identity!.Login, now),
            Grants.CodeLifetime);
        var session = grants.Sessions.Add(new SimulatorSession(identity.Login), Grants.SessionLifetime);
        request.HttpContext.Response.Cookies.Append(SessionCookie, session, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = request.IsHttps,
            Path = issuer.LocalPath(request, ""),
            MaxAge = Grants.SessionLifetime,
        });
        return Redirects.To(pending.RedirectUri, ("code", code), ("state", pending.State));
    }

    private static LoginPageModel LoginModel(HttpRequest request, SimulatorIssuer issuer, PendingAuthorization pending, string requestId,
        TestIdentities identities, TimeProvider time) =>
        new(issuer.LocalPath(request, "/login"), requestId, pending.Client.Name is { Length: > 0 } name ? name : pending.Client.ClientId,
            Scopes.ClaimsOf(pending.Scopes), identities.All, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));

    private static bool IsJsonObject(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
