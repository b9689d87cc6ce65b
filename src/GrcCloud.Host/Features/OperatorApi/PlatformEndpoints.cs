using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Operator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>A plan; amounts in euro cents excluding VAT.</summary>
public sealed record PlanResource(string Code, string Name, long SetupFeeCents, long QuarterlyFeeCents, decimal VatRatePercent, bool IsDefault, bool IsArchived);

public sealed record OperatorResource(Guid Id, string Email, string Role, bool Activated, bool Locked, DateTimeOffset CreatedAt);

public sealed record AuditEntryResource(long Id, DateTimeOffset At, string OperatorEmail, string Action, string ActionLabel, string? Town, string? Details, string? ClientAddress);

/// <summary><c>/api/ops/v1/plans</c>, <c>/operators</c> (administrators) and <c>/audit</c>: what the console reads.</summary>
public static class PlatformEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/plans", ListPlansAsync).WithTags("Formules")
            .WithSummary("Liste les formules")
            .WithDescription("Montants en centimes d'euro hors taxes ; les formules archivées restent listées pour les communes qui les ont.");
        api.MapGet("/operators", ListOperatorsAsync).WithTags("Opérateurs")
            .RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Liste les opérateurs (administrateurs)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/audit", ListAuditAsync).WithTags("Journal")
            .WithSummary("Lit le journal des opérateurs")
            .WithDescription("Du plus récent au plus ancien ; since (date ISO 8601) et town (identifiant de commune) filtrent ; paginé.")
            .ProducesValidationProblem();
    }

    private static async Task<Ok<PlanResource[]>> ListPlansAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Plans.AsNoTracking().OrderBy(p => p.Code)
            .Select(p => new PlanResource(p.Code, p.Name, p.SetupFeeCents, p.QuarterlyFeeCents, p.VatRatePercent, p.IsDefault, p.IsArchived))
            .ToArrayAsync(cancellationToken));

    private static async Task<Results<Ok<PagedList<OperatorResource>>, ValidationProblem>> ListOperatorsAsync(
        PlatformDbContext db, TimeProvider clock, HttpContext http, int? page, int? pageSize)
    {
        var errors = Paging.Validate(page, pageSize);
        if (errors.Count > 0)
            return ApiProblems.Invalid(errors);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(await Paging.PageAsync(db.Users.AsNoTracking().OrderBy(o => o.Email), page, pageSize, http,
            o => new OperatorResource(o.Id, o.Email ?? "", o.Role, o.TwoFactorEnabled, o.LockoutEnd > now, o.CreatedAt)));
    }

    private static async Task<Results<Ok<PagedList<AuditEntryResource>>, ValidationProblem>> ListAuditAsync(
        PlatformDbContext db, HttpContext http, DateTimeOffset? since, string? town, int? page, int? pageSize)
    {
        var errors = Paging.Validate(page, pageSize);
        if (since is { } s && (s.Year < 2000 || s.Year > 2100))
            errors["since"] = ["La date est comprise entre 2000 et 2100 (ISO 8601, par exemple 2026-12-01T08:00:00Z)."];
        if (town is not null && (town.Length > Tenancy.TenantNames.MaxSlugLength || town.Any(char.IsControl)))
            errors["town"] = ["Identifiant de commune invalide."];
        if (errors.Count > 0)
            return ApiProblems.Invalid(errors);
        var query = db.OperatorAudit.AsNoTracking();
        if (since is { } from)
        {
            var fromUtc = from.ToUniversalTime(); // PostgreSQL's timestamptz takes UTC offsets only
            query = query.Where(e => e.At >= fromUtc);
        }
        if (town is not null)
            query = query.Where(e => e.TownSlug == town);
        return TypedResults.Ok(await Paging.PageAsync(query.OrderByDescending(e => e.Id), page, pageSize, http,
            e => new AuditEntryResource(e.Id, e.At, e.OperatorEmail, e.Action, OperatorActions.Label(e.Action), e.TownSlug, e.Details, e.ClientAddress)));
    }
}
