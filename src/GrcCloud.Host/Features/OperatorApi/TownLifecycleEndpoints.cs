using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Operator.Towns.Town;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>The fields of <c>PATCH /towns/{slug}</c>: only those given change (an empty string clears an optional one).</summary>
public sealed record TownPatchRequest(string? Name, string? Siret, string? AddressLine, string? PostalCode, string? City,
    string? ContactPhone, string? ContactEmail, string? ContactAddress, CommuneArea? Area);

public sealed record TownHostRequest(string? Host);

public sealed record TownReasonRequest(string? Reason);

public sealed record TownPurgeRequest(string? Confirmation);

/// <summary>An export of a town's data; <c>download</c> is for administrators.</summary>
public sealed record TownExportResource(Guid Id, string Kind, string FileName, long SizeBytes, string Sha256, DateTimeOffset CreatedAt, string CreatedBy, string Download);

/// <summary>
/// A town's life through the API, on the same services as the console and the command line
/// (<see cref="TownLifecycle"/>, <see cref="TownConfiguration"/>, <see cref="TownExports"/>): the same
/// checks, the same journal entries (which name the token), the same rule — administrators only.
/// </summary>
public static class TownLifecycleEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var towns = api.MapGroup("/towns").WithTags("Communes");
        towns.MapPatch("/{slug}", EditAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Modifie les coordonnées d'une commune")
            .WithDescription("Seuls les champs présents changent : nom, SIRET, adresse, code postal, ville, téléphone, courriel et adresse de la mairie, emprise. Une chaîne vide efface un champ facultatif. L'identifiant et la formule ne se modifient pas ici.")
            .Produces<TownResource>().WithWriteProblems();
        towns.MapPost("/{slug}/hosts", AddHostAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Ajoute un domaine propre à une commune")
            .WithDescription("Par exemple demarches.ville-lavaur.fr ; dix domaines au plus, jamais sous le domaine de la plateforme ni déjà pris par une autre commune.")
            .Produces<TownResource>().WithWriteProblems();
        towns.MapDelete("/{slug}/hosts/{host}", RemoveHostAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Retire un domaine propre d'une commune")
            .Produces<TownResource>().WithWriteProblems();
        towns.MapPost("/{slug}/suspend", SuspendAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Suspend une commune")
            .WithDescription("Son portail et l'espace de ses agents affichent la page de suspension ; ses données restent intactes. Le motif est obligatoire. 409 si la commune n'est pas active.")
            .Produces<TownResource>().WithWriteProblems();
        towns.MapPost("/{slug}/resume", ResumeAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Remet en service une commune suspendue")
            .WithDescription("409 si la commune n'est pas suspendue.")
            .Produces<TownResource>().WithWriteProblems();
        towns.MapPut("/{slug}/franceconnect", SetFranceConnectAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Enregistre les identifiants FranceConnect de la commune")
            .WithDescription("Environnement simulator, sandbox ou production ; le secret est stocké chiffré et n'est jamais relu par l'API. Sans secret, celui déjà enregistré est gardé.")
            .Produces(StatusCodes.Status204NoContent).WithWriteProblems();
        towns.MapPost("/{slug}/cancel", CancelAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Résilie une commune")
            .WithDescription("Le portail est fermé, les données sont exportées aussitôt et conservées pendant le délai de conservation, après lequel elles peuvent être supprimées. Le motif est obligatoire ; 409 si la commune n'est ni active ni suspendue.")
            .Produces<TownResource>().WithWriteProblems();
        towns.MapPost("/{slug}/reactivate", ReactivateAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Réactive une commune résiliée")
            .WithDescription("Possible tant que ses données n'ont pas été supprimées ; 409 sinon.")
            .Produces<TownResource>().WithWriteProblems();
        towns.MapPost("/{slug}/purge", PurgeAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Supprime définitivement les données d'une commune résiliée")
            .WithDescription("Après le délai de conservation et un export, en confirmant par l'identifiant de la commune (confirmation). 409 avant le délai ou sans export ; irréversible.")
            .Produces<TownResource>().WithWriteProblems();
        towns.MapGet("/{slug}/exports", ListExportsAsync)
            .WithSummary("Liste les exports des données d'une commune")
            .WithDescription("Du plus récent au plus ancien ; le lien de téléchargement est réservé aux administrateurs.")
            .Produces<IReadOnlyList<TownExportResource>>().ProducesProblem(StatusCodes.Status404NotFound);
        towns.MapPost("/{slug}/exports", ExportAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Exporte maintenant les données d'une commune")
            .WithDescription("Une archive PostgreSQL et un zip lisible par la commune (un CSV par table, les pièces jointes).")
            .Produces<IReadOnlyList<TownExportResource>>(StatusCodes.Status201Created).WithWriteProblems();
        towns.MapGet("/{slug}/exports/{id:guid}", DownloadAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Télécharge un export des données d'une commune")
            .WithDescription("Réservé aux administrateurs ; le téléchargement est inscrit au journal des opérateurs.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>A write's errors in the document: 400 by field, 403, 404, 409.</summary>
    internal static RouteHandlerBuilder WithWriteProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> EditAsync(string slug, TownPatchRequest? body, TownConfiguration configuration, PlatformDbContext db, TenancyOptions tenancy, HttpContext http)
    {
        var current = await configuration.CurrentAsync(slug, http.RequestAborted);
        if (current is null)
            return Unknown(slug);
        body ??= new TownPatchRequest(null, null, null, null, null, null, null, null, null);
        var edit = new TownEdit(
            body.Name ?? current.Name, body.Siret ?? current.Siret, body.AddressLine ?? current.AddressLine, body.PostalCode ?? current.PostalCode,
            body.City ?? current.City, body.ContactPhone ?? current.ContactPhone, body.ContactEmail ?? current.ContactEmail,
            body.ContactAddress ?? current.ContactAddress, body.Area ?? current.Area);
        return await TownAsync(slug, await configuration.EditAsync(slug, edit, TownActor.Api(http.User), http.RequestAborted), db, tenancy, http);
    }

    private static async Task<IResult> AddHostAsync(string slug, TownHostRequest? body, TownConfiguration configuration, PlatformDbContext db, TenancyOptions tenancy, HttpContext http) =>
        await TownAsync(slug, await configuration.AddHostAsync(slug, body?.Host, TownActor.Api(http.User), http.RequestAborted), db, tenancy, http);

    private static async Task<IResult> RemoveHostAsync(string slug, string host, TownConfiguration configuration, PlatformDbContext db, TenancyOptions tenancy, HttpContext http)
    {
        var result = await configuration.RemoveHostAsync(slug, host, TownActor.Api(http.User), http.RequestAborted);
        // A domain the town does not have is a resource that is not there.
        return result.Outcome == TownActionOutcome.Refused && result.Errors.ContainsKey(TownFields.Host)
            ? ApiProblems.NotFound(result.FirstError)
            : await TownAsync(slug, result, db, tenancy, http);
    }

    private static async Task<IResult> SuspendAsync(string slug, TownReasonRequest? body, TownLifecycle lifecycle, PlatformDbContext db, TenancyOptions tenancy, HttpContext http) =>
        await TownAsync(slug, await lifecycle.SuspendAsync(slug, body?.Reason, TownActor.Api(http.User), http.RequestAborted), db, tenancy, http);

    private static async Task<IResult> ResumeAsync(string slug, TownLifecycle lifecycle, PlatformDbContext db, TenancyOptions tenancy, HttpContext http) =>
        await TownAsync(slug, await lifecycle.ResumeAsync(slug, TownActor.Api(http.User), http.RequestAborted), db, tenancy, http);

    private static async Task<IResult> SetFranceConnectAsync(string slug, FranceConnectRequest? body, TownConfiguration configuration, HttpContext http)
    {
        var result = await configuration.SetFranceConnectAsync(slug, body?.Environment, body?.ClientId, body?.ClientSecret, TownActor.Api(http.User), http.RequestAborted);
        return result.Succeeded ? TypedResults.NoContent() : Problem(slug, result);
    }

    private static async Task<IResult> CancelAsync(string slug, TownReasonRequest? body, TownLifecycle lifecycle, PlatformDbContext db, TenancyOptions tenancy, HttpContext http) =>
        await TownAsync(slug, await lifecycle.CancelAsync(slug, body?.Reason, TownActor.Api(http.User), http.RequestAborted), db, tenancy, http);

    private static async Task<IResult> ReactivateAsync(string slug, TownLifecycle lifecycle, PlatformDbContext db, TenancyOptions tenancy, HttpContext http) =>
        await TownAsync(slug, await lifecycle.ReactivateAsync(slug, TownActor.Api(http.User), http.RequestAborted), db, tenancy, http);

    private static async Task<IResult> PurgeAsync(string slug, TownPurgeRequest? body, TownLifecycle lifecycle, PlatformDbContext db, TenancyOptions tenancy, HttpContext http) =>
        await TownAsync(slug, await lifecycle.PurgeAsync(slug, body?.Confirmation, TownActor.Api(http.User), http.RequestAborted), db, tenancy, http);

    private static async Task<IResult> ListExportsAsync(string slug, TownExports exports, PlatformDbContext db, HttpContext http)
    {
        var town = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, http.RequestAborted);
        if (town is null)
            return Unknown(slug);
        return TypedResults.Ok((await exports.ListAsync(town.Id, http.RequestAborted)).Select(e => ToResource(slug, e)).ToList());
    }

    private static async Task<IResult> ExportAsync(string slug, TownExports exports, HttpContext http)
    {
        var (result, files) = await exports.ExportAsync(slug, TownActor.Api(http.User), http.RequestAborted);
        if (!result.Succeeded)
            return Problem(slug, result);
        return TypedResults.Created($"{OperatorApiSetup.BasePath}/towns/{slug}/exports", files.Select(e => ToResource(slug, e)).ToList());
    }

    /// <summary>As the console: the file's name is the platform's, never a path from the request; the download is journalled.</summary>
    private static async Task<IResult> DownloadAsync(string slug, Guid id, TownExports exports, PlatformDbContext db, OperatorAudit audit, HttpContext http)
    {
        var town = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, http.RequestAborted);
        if (town is null)
            return Unknown(slug);
        var export = (await exports.ListAsync(town.Id, http.RequestAborted)).FirstOrDefault(e => e.Id == id);
        if (export is null || !File.Exists(export.Path))
            return ApiProblems.NotFound($"La commune « {slug} » n'a pas d'export {id}.");
        await TownJournal.RecordAsync(audit, TownActor.Api(http.User), OperatorActions.TownExportDownloaded, slug, Path.GetFileName(export.Path));
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.PhysicalFile(export.Path, export.Kind == TownExportKinds.Portable ? "application/zip" : "application/octet-stream", Path.GetFileName(export.Path));
    }

    private static TownExportResource ToResource(string slug, TownExportRecord e) =>
        new(e.Id, e.Kind, Path.GetFileName(e.Path), e.SizeBytes, e.Sha256, e.CreatedAt, e.CreatedBy, $"{OperatorApiSetup.BasePath}/towns/{slug}/exports/{e.Id}");

    /// <summary>Done: the town as it now is (with the action's warning, if any, in a header); otherwise its problem.</summary>
    private static async Task<IResult> TownAsync(string slug, TownActionResult result, PlatformDbContext db, TenancyOptions tenancy, HttpContext http)
    {
        if (!result.Succeeded)
            return Problem(slug, result);
        if (result.Warning is { } warning)
            http.Response.Headers["X-GrcCloud-Warning"] = Uri.EscapeDataString(warning);
        return await TownEndpoints.GetAsync(slug, db, tenancy, http);
    }

    /// <summary>
    /// A refusal's HTTP answer: 403 for a role that may not act, 404 for an unknown town, 409 for a refusal
    /// about the town's state (the whole action, key ""), 400 with <c>errors</c> by field otherwise.
    /// </summary>
    public static IResult Problem(string slug, TownActionResult result) => result.Outcome switch
    {
        TownActionOutcome.NotFound => Unknown(slug),
        TownActionOutcome.Forbidden => ApiProblems.Forbidden(result.FirstError),
        _ when result.Errors.TryGetValue(TownFields.Whole, out var conflict) => ApiProblems.Conflict(conflict),
        _ => ApiProblems.Invalid(result.Errors.ToDictionary(e => e.Key, e => new[] { e.Value })),
    };

    private static ProblemHttpResult Unknown(string slug) => ApiProblems.NotFound($"Aucune commune n'a l'identifiant « {slug} ».");
}
