using System.Net;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GrcCloud.Host.Features.Errors;

/// <summary>
/// The answer to every error without a body of its own: a problem-details body for the API, a
/// short French page for a person. Its stylesheet is a static file (the security policy forbids
/// inline style), served on any host, including one that serves no town.
/// </summary>
public static class ErrorPages
{
    public static Task RenderAsync(StatusCodeContext context) => WriteAsync(context.HttpContext);

    /// <summary>
    /// Unhandled exceptions get the French 500 page; a request the framework could not read (a form
    /// body with a NUL, a bad header) is the client's fault: 400 (or the status it carries), not logged as a failure.
    /// </summary>
    public static ExceptionHandlerOptions ExceptionHandlerOptions() => new()
    {
        ExceptionHandler = WriteAsync,
        StatusCodeSelector = e => ClientFault(e) ?? StatusCodes.Status500InternalServerError,
        SuppressDiagnosticsCallback = c => ClientFault(c.Exception) is not null,
    };

    private static int? ClientFault(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        InvalidDataException => StatusCodes.Status400BadRequest, // the form readers' word for a malformed body
        _ => null,
    };

    private static async Task WriteAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var refusal = http.Items.TryGetValue(TenantResolutionMiddleware.RefusalItem, out var r) ? (SiteRefusal?)r : null;
        var (title, detail) = Describe(status, refusal);

        if (WantsProblem(http))
        {
            var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = http.Request.Path };
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        var town = http.Features.Get<SiteFeature>()?.Tenant;
        var townName = town?.Name;
        var contact = refusal is SiteRefusal.Suspended or SiteRefusal.Cancelled ? ContactHtml(town) : "";
        await http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Html(title)}}{{(townName is null ? "" : " – " + Html(townName))}}</title>
            <link rel="stylesheet" href="/css/erreur.css">
            </head>
            <body class="error-page">
            <main>
            <p class="code">Erreur {{status}}</p>
            <h1>{{Html(title)}}</h1>
            <p>{{Html(detail)}}</p>
            {{contact}}
            </main>
            </body>
            </html>
            """);
    }

    /// <summary>How to reach the town hall, from the registry (a suspended town's schema is not opened).</summary>
    private static string ContactHtml(TenantInfo? town)
    {
        if (town?.Contact is not { IsEmpty: false } contact)
            return "";
        var lines = new List<string>();
        if (contact.Phone is { } phone)
            lines.Add($"<li>Téléphone : <a href=\"tel:{Html(new string([.. phone.Where(c => char.IsDigit(c) || c == '+')]))}\">{Html(phone)}</a></li>");
        if (contact.Email is { } email)
            lines.Add($"<li>Courriel : <a href=\"mailto:{Html(email)}\">{Html(email)}</a></li>");
        if (contact.Address is { } address)
            lines.Add($"<li>Adresse : {Html(address)}</li>");
        return $"<h2>Contacter la mairie de {Html(town.Name)}</h2>\n<ul class=\"contact\">{string.Concat(lines)}</ul>";
    }

    private static bool WantsProblem(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/connect")
        || http.Request.Headers.Accept.Any(a => a is not null && (a.Contains("application/json", StringComparison.OrdinalIgnoreCase) || a.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase)));

    private static (string Title, string Detail) Describe(int status, SiteRefusal? refusal) => refusal switch
    {
        SiteRefusal.UnknownHost => ("Page introuvable",
            "Aucun service n'est proposé à cette adresse. Vérifiez l'adresse saisie ou rendez-vous sur le site de votre commune."),
        SiteRefusal.Provisioning => ("Portail en cours de mise en service",
            "Le portail de cette commune est en cours de préparation. Merci de réessayer dans quelques instants."),
        SiteRefusal.Suspended => ("Portail momentanément suspendu",
            "Le portail de cette commune est suspendu par son hébergeur : les démarches en ligne et l'espace des agents sont fermés pour le moment. Vos demandes et vos données sont conservées et seront de nouveau accessibles à la reprise du service. Pour une démarche urgente, contactez directement votre mairie."),
        SiteRefusal.Cancelled => ("Portail fermé",
            "Ce portail n'est plus proposé par la commune. Contactez votre mairie pour vos démarches."),
        _ => status switch
        {
            400 => ("Demande invalide", "La demande n'a pas pu être comprise. Vérifiez les informations saisies."),
            401 => ("Identification requise", "Identifiez-vous pour accéder à cette page."),
            403 => ("Accès refusé", "Vous n'avez pas les droits nécessaires pour accéder à cette page."),
            404 => ("Page introuvable", "La page demandée n'existe pas ou a été déplacée."),
            405 => ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
            413 => ("Envoi trop volumineux", "Les fichiers ou les données envoyés dépassent la taille autorisée."),
            415 => ("Format non pris en charge", "Cette page n'accepte que les données d'un formulaire."),
            429 => ("Trop de tentatives", "Vous avez fait trop de tentatives. Merci de patienter quelques minutes."),
            503 => ("Service momentanément indisponible", "Le service est momentanément indisponible. Merci de réessayer dans quelques instants."),
            >= 500 => ("Erreur du service", "Une erreur inattendue s'est produite. Elle a été enregistrée ; merci de réessayer plus tard."),
            _ => ("Erreur", "La demande n'a pas abouti."),
        },
    };

    private static string Html(string value) => WebUtility.HtmlEncode(value);
}
