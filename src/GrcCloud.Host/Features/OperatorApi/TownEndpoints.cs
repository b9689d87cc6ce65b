using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>A hosted town as the API shows it; <c>status</c> is provisioning, failed, active, suspended or cancelled.</summary>
public sealed record TownResource(Guid Id, string Slug, string Name, string InseeCode, string? Siret, string Status, string? StatusReason,
    IReadOnlyList<string> Hosts, string? PlanCode, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record FranceConnectRequest(string? Environment, string? ClientId, string? ClientSecret);

/// <summary>
/// <c>/api/ops/v1/towns</c>: the list and one town. Creation is in <see cref="TownCreationEndpoints"/>, the
/// town's life (edit, domains, suspend, FranceConnect, cancel, exports, purge) in <see cref="TownLifecycleEndpoints"/>.
/// </summary>
public static class TownEndpoints
{
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

    internal static async Task<IResult> GetAsync(string slug, PlatformDbContext db, TenancyOptions tenancy, HttpContext http)
    {
        var town = await db.Tenants.AsNoTracking().Include(t => t.Hosts).SingleOrDefaultAsync(t => t.Slug == slug, http.RequestAborted);
        return town is null ? UnknownTown(slug) : Paging.WithETag(http, ToResource(town, await PlanCodesAsync(db, http.RequestAborted), tenancy));
    }

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
