using System.Globalization;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.OperatorApi;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Api;

public sealed record RequestSummaryDto(string Reference, string Status, string Theme, string ThemeTitle, string Service, string Channel,
    DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, DateOnly DueOn, string? AssignedTo);
public sealed record AnswerDto(string Name, string Label, IReadOnlyList<string> Values);
public sealed record TimelineEntryDto(DateTimeOffset At, string Kind, string Text, string? Author);
/// <summary>A request as an integration reads it: no contact details, only the public timeline.</summary>
public sealed record RequestDto(string Reference, string Status, string Theme, string ThemeTitle, string Service, string Channel,
    DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, DateOnly DueOn, string? AssignedTo,
    IReadOnlyList<AnswerDto> Answers, IReadOnlyList<TimelineEntryDto> Timeline);

/// <summary><c>GET /api/v1/requests</c> (filters, pages) and <c>GET /api/v1/requests/{reference}</c>: scope requests:read.</summary>
public static class RequestEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/requests", ListAsync).RequireAuthorization(ApiScopes.ReadPolicy)
            .WithSummary("Liste des demandes de la commune")
            .WithDescription("Filtres : status (received, in_progress, resolved…), theme et service (leurs identifiants), updatedSince (date ISO 8601). " +
                "Les plus récemment modifiées d'abord ; pages de 50 (pageSize jusqu'à 200), la suivante dans l'en-tête Link.")
            .Produces<PagedList<RequestSummaryDto>>().ProducesValidationProblem();
        api.MapGet("/requests/{reference}", GetAsync).RequireAuthorization(ApiScopes.ReadPolicy)
            .WithSummary("Une demande, avec son historique public")
            .Produces<RequestDto>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext http, TenantDbContext db, string? status, string? theme, string? service, string? updatedSince, int? page, int? pageSize)
    {
        var errors = Paging.Validate(page, pageSize);
        var wanted = ApiStatuses.Parse(status);
        if (status is not null && wanted is null)
            errors["status"] = [$"État inconnu. Valeurs possibles : {string.Join(", ", ApiStatuses.All)}."];
        DateTimeOffset since = default;
        if (updatedSince is not null && !DateTimeOffset.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since))
            errors["updatedSince"] = ["Date attendue au format ISO 8601, par exemple 2026-12-01T08:00:00+01:00."];
        if (errors.Count > 0)
            return ApiProblems.Invalid(errors);

        var requests = Rows(db);
        if (wanted is { } s)
            requests = requests.Where(r => r.Request.Status == s);
        if (theme is not null)
            requests = requests.Where(r => r.ThemeSlug == theme);
        if (service is not null)
            requests = requests.Where(r => r.ServiceSlug == service);
        if (updatedSince is not null)
            requests = requests.Where(r => r.Request.UpdatedAt >= since.ToUniversalTime());
        var list = await Paging.PageAsync(requests.OrderByDescending(r => r.Request.UpdatedAt).ThenByDescending(r => r.Request.Id), page, pageSize, http, Summary);
        return ApiETags.Send(http, list);
    }

    private static async Task<IResult> GetAsync(HttpContext http, TenantDbContext db, string reference) =>
        await ReadAsync(db, reference, http.RequestAborted) is { } request ? ApiETags.Send(http, request) : NotFound(reference);

    internal static IResult NotFound(string reference) =>
        ApiProblems.NotFound($"Aucune demande « {(reference.Length > 40 ? reference[..40] + "…" : reference)} » dans cette commune.");

    /// <summary>Member-initialised (not a constructor) so that EF Core filters and sorts on its parts.</summary>
    internal sealed class Row
    {
        public required ServiceRequest Request { get; init; }
        public required string ThemeSlug { get; init; }
        public required string ServiceSlug { get; init; }
    }

    /// <summary>The town's requests with their theme's and service's identifiers (this town's schema only).</summary>
    internal static IQueryable<Row> Rows(TenantDbContext db) => db.Requests.AsNoTracking().Select(r => new Row
    {
        Request = r,
        ThemeSlug = db.Themes.Where(t => t.Id == r.ThemeId).Select(t => t.Slug).FirstOrDefault() ?? "",
        ServiceSlug = db.Services.Where(s => s.Id == r.ServiceId).Select(s => s.Slug).FirstOrDefault() ?? "",
    });

    internal static async Task<RequestDto?> ReadAsync(TenantDbContext db, string reference, CancellationToken cancellationToken)
    {
        var row = await Rows(db).SingleOrDefaultAsync(r => r.Request.Reference == reference, cancellationToken);
        if (row is null)
            return null;
        var timeline = await db.RequestEvents.AsNoTracking().Where(e => e.RequestId == row.Request.Id && e.IsPublic)
            .OrderBy(e => e.At).Select(e => new TimelineEntryDto(e.At, e.Kind.Name, e.Text, e.AuthorName)).ToListAsync(cancellationToken);
        var r = row.Request;
        return new RequestDto(r.Reference, ApiStatuses.Code(r.Status), row.ThemeSlug, r.ThemeTitle, row.ServiceSlug, Channel(r.Channel),
            r.ReceivedAt, r.UpdatedAt, r.DueOn, r.AssignedToName,
            [.. r.Answers.Select(a => new AnswerDto(a.Name, a.Label, a.Values))], timeline);
    }

    private static RequestSummaryDto Summary(Row row) => new(row.Request.Reference, ApiStatuses.Code(row.Request.Status), row.ThemeSlug, row.Request.ThemeTitle,
        row.ServiceSlug, Channel(row.Request.Channel), row.Request.ReceivedAt, row.Request.UpdatedAt, row.Request.DueOn, row.Request.AssignedToName);

    private static string Channel(RequestChannel channel) => channel.ToString().ToLowerInvariant();
}
