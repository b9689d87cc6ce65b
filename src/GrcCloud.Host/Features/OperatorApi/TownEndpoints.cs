using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>A hosted town as the API shows it; <c>status</c> is provisioning, failed, active, suspended or cancelled.</summary>
public sealed record TownResource(Guid Id, string Slug, string Name, string InseeCode, string? Siret, string Status, string? StatusReason,
    IReadOnlyList<string> Hosts, string? PlanCode, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record SuspendTownRequest(string? Reason);

public sealed record FranceConnectRequest(string? Environment, string? ClientId, string? ClientSecret);

/// <summary>
/// <c>/api/ops/v1/towns</c>. Suspend, resume and FranceConnect are kept thin and in this one file on
/// purpose: the town lifecycle is moving into its own service, and these three will call it instead.
/// </summary>
public static class TownEndpoints
{
    public const int MaxReasonLength = 500;

    public static void Map(RouteGroupBuilder api)
    {
        var towns = api.MapGroup("/towns").WithTags("Communes");
        towns.MapGet("/", ListAsync)
            .WithSummary("Liste les communes")
            .WithDescription("Communes hébergées triées par identifiant, paginées ; filtre facultatif par état (status=active…).")
            .ProducesValidationProblem();
        towns.MapGet("/{slug}", GetAsync)
            .WithSummary("Lit une commune")
            .WithDescription("Avec un ETag : If-None-Match répond 304 si la commune n'a pas changé.")
            .Produces<TownResource>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        towns.MapPost("/{slug}/suspend", SuspendAsync)
            .RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Suspend une commune")
            .WithDescription("Son portail et l'espace de ses agents affichent la page de suspension ; ses données restent intactes. Le motif est obligatoire.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status403Forbidden);
        towns.MapPost("/{slug}/resume", ResumeAsync)
            .RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Remet en service une commune suspendue")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status403Forbidden);
        towns.MapPut("/{slug}/franceconnect", SetFranceConnectAsync)
            .RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Enregistre les identifiants FranceConnect de la commune")
            .WithDescription("Environnement simulator, sandbox ou production ; le secret est stocké chiffré et n'est jamais relu par l'API.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<PagedList<TownResource>>, ValidationProblem>> ListAsync(
        PlatformDbContext db, TenancyOptions tenancy, HttpContext http, int? page, int? pageSize, string? status)
    {
        var errors = Paging.Validate(page, pageSize);
        TenantStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<TenantStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
                wanted = parsed;
            else
                errors["status"] = ["État inconnu : provisioning, failed, active, suspended ou cancelled."];
        }
        if (errors.Count > 0)
            return ApiProblems.Invalid(errors);
        var plans = await PlanCodesAsync(db, http.RequestAborted);
        var query = db.Tenants.AsNoTracking().Include(t => t.Hosts).Where(t => wanted == null || t.Status == wanted).OrderBy(t => t.Slug);
        return TypedResults.Ok(await Paging.PageAsync(query, page, pageSize, http, t => ToResource(t, plans, tenancy)));
    }

    private static async Task<IResult> GetAsync(string slug, PlatformDbContext db, TenancyOptions tenancy, HttpContext http)
    {
        var town = await db.Tenants.AsNoTracking().Include(t => t.Hosts).SingleOrDefaultAsync(t => t.Slug == slug, http.RequestAborted);
        return town is null ? UnknownTown(slug) : Paging.WithETag(http, ToResource(town, await PlanCodesAsync(db, http.RequestAborted), tenancy));
    }

    private static async Task<Results<Ok<TownResource>, ValidationProblem, ProblemHttpResult>> SuspendAsync(
        string slug, SuspendTownRequest? body, PlatformDbContext db, TenancyOptions tenancy, OperatorAudit audit, HttpContext http)
    {
        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
            return ApiProblems.Invalid("reason", "Le motif de la suspension est obligatoire.");
        if (reason.Length > MaxReasonLength || reason.Any(char.IsControl))
            return ApiProblems.Invalid("reason", $"Le motif fait au plus {MaxReasonLength} caractères, sans caractère de contrôle.");
        return await ChangeStatusAsync(slug, TenantStatus.Active, TenantStatus.Suspended, reason, db, tenancy, audit, http);
    }

    private static Task<Results<Ok<TownResource>, ValidationProblem, ProblemHttpResult>> ResumeAsync(
        string slug, PlatformDbContext db, TenancyOptions tenancy, OperatorAudit audit, HttpContext http) =>
        ChangeStatusAsync(slug, TenantStatus.Suspended, TenantStatus.Active, null, db, tenancy, audit, http);

    /// <summary>The registry's triggers tell every instance: the portal shows the new state within a second.</summary>
    private static async Task<Results<Ok<TownResource>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(string slug, TenantStatus from, TenantStatus to, string? reason,
        PlatformDbContext db, TenancyOptions tenancy, OperatorAudit audit, HttpContext http)
    {
        var town = await db.Tenants.Include(t => t.Hosts).SingleOrDefaultAsync(t => t.Slug == slug, http.RequestAborted);
        if (town is null)
            return UnknownTown(slug);
        if (town.Status != from)
            return ApiProblems.Conflict($"La commune « {slug} » est {TownStatusLabels.Of(town.Status)} : impossible de la {(to == TenantStatus.Suspended ? "suspendre" : "remettre en service")}.");
        town.Status = to;
        town.StatusReason = reason;
        town.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(http.RequestAborted);
        await AuditAsync(audit, http, to == TenantStatus.Suspended ? OperatorActions.TownSuspended : OperatorActions.TownResumed, slug, reason is null ? null : $"motif : {reason}");
        return TypedResults.Ok(ToResource(town, await PlanCodesAsync(db, http.RequestAborted), tenancy));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetFranceConnectAsync(
        string slug, FranceConnectRequest? body, PlatformDbContext db, FranceConnectCredentialsStore store, OperatorAudit audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (body?.Environment is not { } environment || !FranceConnectCredentialsStore.Environments.Contains(environment))
            errors["environment"] = ["Environnement attendu : simulator, sandbox ou production."];
        if (string.IsNullOrWhiteSpace(body?.ClientId) || body.ClientId.Trim().Length > 200 || body.ClientId.Any(char.IsControl))
            errors["clientId"] = ["L'identifiant client est obligatoire (200 caractères au plus)."];
        if (string.IsNullOrWhiteSpace(body?.ClientSecret) || body.ClientSecret.Trim().Length > 500 || body.ClientSecret.Any(char.IsControl))
            errors["clientSecret"] = ["Le secret client est obligatoire (500 caractères au plus)."];
        if (errors.Count > 0)
            return ApiProblems.Invalid(errors);
        var town = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, http.RequestAborted);
        if (town is null)
            return UnknownTown(slug);
        await store.SetAsync(town.Id, body!.Environment!, body.ClientId!.Trim(), body.ClientSecret!.Trim(), http.RequestAborted);
        await AuditAsync(audit, http, OperatorActions.FranceConnectSet, slug, $"environnement {body.Environment}, client {body.ClientId.Trim()}");
        return TypedResults.NoContent();
    }

    internal static Task AuditAsync(OperatorAudit audit, HttpContext http, string action, string? townSlug, string? details) =>
        audit.RecordAsync(action, OperatorAccess.Id(http.User), OperatorAccess.Email(http.User), townSlug,
            $"API (jeton {http.User.FindFirst(OperatorTokenHandler.TokenIdClaim)?.Value})" + (details is null ? "" : $" — {details}"));

    /// <summary>The plans are few: read once per request rather than joined.</summary>
    private static Task<Dictionary<Guid, string>> PlanCodesAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Code, cancellationToken);

    private static ProblemHttpResult UnknownTown(string slug) => ApiProblems.NotFound($"Aucune commune n'a l'identifiant « {slug} ».");

    private static TownResource ToResource(TenantRecord town, Dictionary<Guid, string> planCodes, TenancyOptions tenancy) => new(
        town.Id, town.Slug, town.Name, town.InseeCode, town.Siret, StatusCode(town.Status), town.StatusReason,
        [$"{town.Slug}.{tenancy.BaseDomain}", .. town.Hosts.Select(h => h.Host).Order(StringComparer.Ordinal)],
        town.PlanId is { } plan && planCodes.TryGetValue(plan, out var code) ? code : null, town.CreatedAt, town.UpdatedAt);

    /// <summary>The state's stable code for scripts (the French label is for people).</summary>
    public static string StatusCode(TenantStatus status) => status.ToString().ToLowerInvariant();
}
