using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>An HTML page, sent with headers that keep it out of caches and frames.</summary>
internal sealed class HtmlPage(string html, int statusCode = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return response.WriteAsync(html, Encoding.UTF8);
    }
}

/// <summary>The simulator's pages: French, accessible, no JavaScript. Every value from outside goes through <see cref="E"/>.</summary>
internal static class Pages
{
    // Every Unicode range allowed: accented names stay readable instead of becoming entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? "");

    /// <summary>The shared frame: one h1 per page, given by <paramref name="heading"/>.</summary>
    public static string Layout(string title, string heading, string body) => $$"""
        <!doctype html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}} – FranceConnect (bac à sable simulé)</title>
        <style>
        :root { color-scheme: light; }
        body { margin: 0; font-family: system-ui, "Marianne", Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #161616; background: #f6f6f6; }
        header { background: #000091; color: #fff; padding: .75rem 1rem; }
        header p { margin: 0; font-weight: 700; }
        main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; background: #fff; }
        h1 { font-size: 1.75rem; line-height: 1.25; margin-top: 0; }
        .champ { margin: 1.25rem 0; }
        label { display: block; font-weight: 700; }
        .aide { margin: .25rem 0; color: #3a3a3a; font-size: .875rem; }
        input[type=text], input[type=password] { box-sizing: border-box; width: 100%; max-width: 24rem; font-size: 1rem; padding: .5rem; border: 1px solid #3a3a3a; border-radius: 4px; }
        input[aria-invalid=true] { border: 2px solid #ce0500; }
        .erreur { color: #ce0500; font-weight: 700; margin: .25rem 0; }
        .actions { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1.5rem 0; }
        button { font-size: 1rem; padding: .625rem 1.25rem; border-radius: 4px; border: 2px solid #000091; background: #000091; color: #fff; cursor: pointer; }
        button.secondaire { background: #fff; color: #000091; }
        a { color: #000091; }
        :focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
        details { margin-top: 2rem; }
        summary { font-weight: 700; cursor: pointer; }
        .tableau { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .875rem; }
        caption { text-align: left; padding: .5rem 0; }
        th, td { border: 1px solid #ddd; padding: .375rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #eee; }
        code { font-size: .9375rem; }
        footer { max-width: 48rem; margin: 0 auto; padding: 1rem; font-size: .875rem; color: #3a3a3a; }
        </style>
        </head>
        <body>
        <header><p>FranceConnect – bac à sable (simulateur local GrcCloud)</p></header>
        <main>
        <h1>{{E(heading)}}</h1>
        {{body}}
        </main>
        <footer><p>Simulateur de développement : aucune donnée réelle, aucune connexion à FranceConnect.</p></footer>
        </body>
        </html>
        """;

    public static HtmlPage Error(string heading, string message, string? detail = null) =>
        new(Layout("Erreur : " + heading, heading, $"""
            <p>{E(message)}</p>
            {(detail is null ? "" : $"<p>{E(detail)}</p>")}
            <p>Revenez au service en ligne depuis lequel vous êtes arrivé(e) et recommencez.</p>
            """), StatusCodes.Status400BadRequest);

    /// <summary>Where the error of a login attempt is shown: next to the field it is about.</summary>
    public sealed record LoginError(string Field, string Message);

    public static HtmlPage Login(LoginPageModel model)
    {
        var loginError = model.Error is { Field: "login" } ? model.Error.Message : null;
        var passwordError = model.Error is { Field: "password" } ? model.Error.Message : null;
        var requested = model.RequestedClaims.Length == 0
            ? "<p>Aucune donnée personnelle n'est demandée : seul votre identifiant pour ce service sera transmis.</p>"
            : $"<p>Données qui seront transmises : {E(string.Join(", ", model.RequestedClaims.Select(c => Scopes.ClaimLabels[c])))}.</p>";
        var rows = new StringBuilder();
        foreach (var person in model.Identities)
        {
            var particularities = person.Particularities(model.Today);
            rows.Append($"<tr><td><code>{E(person.Login)}</code></td><td>{E(person.FamilyName)}</td><td>{(person.GivenName.Length == 0 ? "<em>aucun</em>" : E(person.GivenName))}</td>")
                .Append($"<td>{(particularities.Count == 0 ? "cas courant" : E(string.Join(" ; ", particularities)))}</td></tr>\n");
        }

        var body = $"""
            <p>Le service <strong>{E(model.ClientName)}</strong> demande à vous identifier avec FranceConnect.
            Ce simulateur tient le rôle du fournisseur d'identité « Démonstration eIDAS faible » du bac à sable.</p>
            {requested}
            <form method="post" action="{E(model.Action)}" novalidate>
            <input type="hidden" name="request" value="{E(model.RequestId)}">
            <div class="champ">
            <label for="login">Identifiant</label>
            <p class="aide" id="login-aide">Par exemple <code>test</code> ; la liste des identités de test est plus bas.</p>
            <input type="text" id="login" name="login" value="{E(model.Login)}" autocomplete="username" autocapitalize="none" spellcheck="false" required aria-describedby="login-aide{(loginError is null ? "" : " login-erreur")}"{(loginError is null ? "" : " aria-invalid=\"true\"")}>
            {(loginError is null ? "" : $"<p class=\"erreur\" id=\"login-erreur\">{E(loginError)}</p>")}
            </div>
            <div class="champ">
            <label for="password">Mot de passe</label>
            <p class="aide" id="password-aide">Le même pour toutes les identités de test : <code>123</code>.</p>
            <input type="password" id="password" name="password" autocomplete="current-password" required aria-describedby="password-aide{(passwordError is null ? "" : " password-erreur")}"{(passwordError is null ? "" : " aria-invalid=\"true\"")}>
            {(passwordError is null ? "" : $"<p class=\"erreur\" id=\"password-erreur\">{E(passwordError)}</p>")}
            </div>
            <div class="actions">
            <button type="submit" name="action" value="login">Se connecter</button>
            <button type="submit" name="action" value="refuse" class="secondaire">Refuser et revenir au service</button>
            </div>
            </form>
            <details open>
            <summary>Identités de test disponibles</summary>
            <div class="tableau" role="region" aria-labelledby="identites" tabindex="0">
            <table>
            <caption id="identites">Identités de test (mot de passe : 123)</caption>
            <thead><tr><th scope="col">Identifiant</th><th scope="col">Nom</th><th scope="col">Prénoms</th><th scope="col">Particularités</th></tr></thead>
            <tbody>
            {rows}</tbody>
            </table>
            </div>
            </details>
            """;
        var title = model.Error is null ? "Connexion" : "Erreur : connexion";
        return new HtmlPage(Layout(title, "Connexion au fournisseur d'identité de démonstration", body));
    }

    public static IResult Home(HttpRequest request, SimulatorIssuer issuer)
    {
        var discovery = issuer.LocalPath(request, "/.well-known/openid-configuration");
        var body = $"""
            <p>Ce serveur reproduit FranceConnect v2 pour le développement et les tests de GrcCloud.</p>
            <ul>
            <li>Émetteur (issuer) : <code>{E(issuer.For(request))}</code></li>
            <li><a href="{E(discovery)}">Document de découverte OpenID Connect</a></li>
            </ul>
            <p>La page de connexion s'affiche quand un service enregistré redirige vers <code>/authorize</code>.</p>
            """;
        return new HtmlPage(Layout("Accueil", "Simulateur FranceConnect v2", body));
    }
}

/// <summary>What the login page shows.</summary>
internal sealed record LoginPageModel(
    string Action,
    string RequestId,
    string ClientName,
    string[] RequestedClaims,
    IReadOnlyList<TestIdentity> Identities,
    DateOnly Today,
    string? Login = null,
    Pages.LoginError? Error = null);
