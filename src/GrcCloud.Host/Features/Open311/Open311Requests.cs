using System.Globalization;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Open311;

/// <summary>
/// The public reading side: <c>requests.{format}</c> with the spec's filters, <c>requests/{id}</c> and
/// <c>tokens/{token}</c>. Anyone may read it (the spec asks no key to read), so it carries no personal data:
/// <list type="bullet">
/// <item>no name, e-mail or phone;</item>
/// <item><c>description</c> is always empty: a resident's own words (the form's answers, the application's
/// description) often name people or give a phone number, and no one reviews them before publication;</item>
/// <item><c>status_notes</c> is the follower-safe wording of the last public event (<see cref="FollowerTexts"/>),
/// never the event's own text (reply templates fill in the resident's name);</item>
/// <item>the place (address, lat/long) and media_url only for reports (a pothole's place is the report's
/// subject; an aid request's address is the resident's home).</item>
/// </list>
/// </summary>
public static class Open311Requests
{
    public const int MaxRequests = 1000;
    public const int DefaultDays = 90;
    /// <summary>Answers the post adds beyond the theme's form.</summary>
    public const string DescriptionAnswer = "open311.description", MediaUrlAnswer = "open311.media_url";

    /// <summary>The token of a posted request: its internal id (unguessable, UUIDv7 with 74 random bits).</summary>
    public static string TokenOf(Guid requestId) => requestId.ToString("N");

    private sealed record Row(Guid Id, string Reference, Guid ThemeId, Guid ServiceId, RequestStatus Status,
        DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, DateOnly DueOn, List<RequestAnswer> Answers, RequestEventKind? LastKind);

    public static async Task<IResult> ListAsync(string format, HttpContext http, PortalCatalogue portal, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Open311Document.IsFormat(format))
            return Open311Document.Error("xml", StatusCodes.Status404NotFound, "Format inconnu : utilisez .xml ou .json.");
        var query = http.Request.Query;
        var services = Open311Catalogue.Services(await portal.GetAsync(cancellationToken)).ToDictionary(s => s.Theme.Id);
        var themeIds = services.Keys.ToList();
        var requests = db.Requests.AsNoTracking().Where(r => themeIds.Contains(r.ThemeId));
        var limit = MaxRequests;

        if (Given(query, "service_request_id") is { } idList)
        {
            // The spec: a list of ids overrides every other parameter.
            var ids = idList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
            if (ids.Count > MaxRequests)
                return Open311Document.Error(format, StatusCodes.Status400BadRequest, $"service_request_id : {MaxRequests} identifiants au plus.");
            requests = requests.Where(r => ids.Contains(r.Reference));
        }
        else
        {
            if (Given(query, "service_code") is { } codeList)
            {
                var codes = codeList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (codes.FirstOrDefault(c => services.Values.All(s => s.Theme.Slug != c)) is { } unknown)
                    return Open311Document.Error(format, StatusCodes.Status404NotFound, $"Service inconnu : {unknown}.");
                var ofCodes = services.Values.Where(s => codes.Contains(s.Theme.Slug)).Select(s => s.Theme.Id).ToList();
                requests = requests.Where(r => ofCodes.Contains(r.ThemeId));
            }
            if (!TryInstant(query, "start_date", out var start) || !TryInstant(query, "end_date", out var end))
                return Open311Document.Error(format, StatusCodes.Status400BadRequest, "start_date et end_date sont des dates ISO 8601, par exemple 2026-12-01T00:00:00+01:00.");
            if (start > end)
                return Open311Document.Error(format, StatusCodes.Status400BadRequest, "start_date doit précéder end_date.");
            // Without dates, the last 90 days (the spec's default).
            start ??= (end ?? clock.GetUtcNow()).AddDays(-DefaultDays);
            requests = requests.Where(r => r.ReceivedAt >= start);
            if (end is not null)
                requests = requests.Where(r => r.ReceivedAt <= end);
            switch (Given(query, "status"))
            {
                case null or "open,closed" or "closed,open": break;
                case "open": requests = requests.Where(RequestStates.IsOpen); break;
                case "closed": requests = requests.Where(RequestStates.IsDone); break;
                default: return Open311Document.Error(format, StatusCodes.Status400BadRequest, "status vaut open ou closed.");
            }
            // FixMyStreet's extension: fewer than the 1,000 at most.
            if (Given(query, "max_requests") is { } max)
            {
                if (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxRequests)
                    return Open311Document.Error(format, StatusCodes.Status400BadRequest, $"max_requests est un nombre entre 1 et {MaxRequests}.");
            }
        }
        var rows = await ReadAsync(requests.OrderByDescending(r => r.ReceivedAt).Take(limit), db, cancellationToken);
        return (await DocumentAsync(rows, services, db, cancellationToken)).ToResult(format);
    }

    public static async Task<IResult> OneAsync(string id, string format, PortalCatalogue portal, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (!Open311Document.IsFormat(format))
            return Open311Document.Error("xml", StatusCodes.Status404NotFound, "Format inconnu : utilisez .xml ou .json.");
        var services = Open311Catalogue.Services(await portal.GetAsync(cancellationToken)).ToDictionary(s => s.Theme.Id);
        var themeIds = services.Keys.ToList();
        var rows = await ReadAsync(db.Requests.AsNoTracking().Where(r => r.Reference == id && themeIds.Contains(r.ThemeId)), db, cancellationToken);
        if (rows.Count == 0)
            return Open311Document.Error(format, StatusCodes.Status404NotFound, $"Demande inconnue : {id}.");
        return (await DocumentAsync(rows, services, db, cancellationToken)).ToResult(format);
    }

    public static async Task<IResult> TokenAsync(string token, string format, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (!Open311Document.IsFormat(format))
            return Open311Document.Error("xml", StatusCodes.Status404NotFound, "Format inconnu : utilisez .xml ou .json.");
        var reference = Guid.TryParseExact(token, "N", out var id)
            ? await db.Requests.AsNoTracking().Where(r => r.Id == id && r.Channel == RequestChannel.Application).Select(r => r.Reference).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (reference is null)
            return Open311Document.Error(format, StatusCodes.Status404NotFound, $"Jeton inconnu : {token}.");
        return new Open311Document("service_requests", new Open311List("request",
            [new Open311Object { { "service_request_id", reference }, { "token", token } }])).ToResult(format);
    }

    private static Task<List<Row>> ReadAsync(IQueryable<ServiceRequest> requests, TenantDbContext db, CancellationToken cancellationToken) =>
        requests.Select(r => new Row(r.Id, r.Reference, r.ThemeId, r.ServiceId, r.Status, r.ReceivedAt, r.UpdatedAt, r.DueOn, r.Answers,
            db.RequestEvents.Where(e => e.RequestId == r.Id && e.IsPublic && FollowerTexts.Kinds.Contains(e.Kind))
                .OrderByDescending(e => e.At).Select(e => e.Kind).FirstOrDefault()))
            .ToListAsync(cancellationToken);

    private static async Task<Open311Document> DocumentAsync(List<Row> rows, Dictionary<Guid, Open311Service> services, TenantDbContext db, CancellationToken cancellationToken)
    {
        // The service in charge now (a transfer changes it), by id: a handful of rows per town.
        var agencies = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        return new Open311Document("service_requests", new Open311List("request",
            [.. rows.Select(r => (object?)Entry(r, services[r.ThemeId], agencies.GetValueOrDefault(r.ServiceId)))]));
    }

    private static Open311Object Entry(Row row, Open311Service service, string? agency)
    {
        var isReport = service.Theme.IsReport;
        var point = isReport ? NearbyRequests.LocationOf(row.Answers) : null;
        var address = !isReport ? null
            : Answer(row.Answers, service.AddressField?.Name) ?? Answer(row.Answers, "open311.address");
        return new Open311Object
        {
            { "service_request_id", row.Reference },
            { "status", RequestStates.IsDoneStatus(row.Status) ? "closed" : "open" },
            { "status_notes", row.LastKind is { } kind ? FollowerTexts.For(kind) : null },
            { "service_name", service.Theme.Title },
            { "service_code", service.Theme.Slug },
            { "description", null },
            { "agency_responsible", agency },
            { "service_notice", null },
            { "requested_datetime", row.ReceivedAt },
            { "updated_datetime", row.UpdatedAt },
            // The end of the due day, in the town's time.
            { "expected_datetime", EndOfDay(row.DueOn) },
            { "address", address },
            { "address_id", null },
            { "zipcode", null },
            { "lat", point?.Latitude },
            { "long", point?.Longitude },
            { "media_url", isReport ? Answer(row.Answers, MediaUrlAnswer) : null },
        };
    }

    private static DateTimeOffset EndOfDay(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(local, ParisTime.Zone.GetUtcOffset(local));
    }

    private static string? Answer(List<RequestAnswer> answers, string? name) =>
        name is null ? null : answers.FirstOrDefault(a => a.Name == name)?.Values is [var first, ..] ? first : null;

    private static string? Given(IQueryCollection query, string key) => query[key].Count == 1 && query[key][0] is { Length: > 0 } v ? v.Trim() : null;

    /// <summary>An ISO 8601 instant; without an offset, the town's time (Paris). Absent: true with null.</summary>
    private static bool TryInstant(IQueryCollection query, string key, out DateTimeOffset? instant)
    {
        instant = null;
        if (query[key].Count == 0 || Given(query, key) is not { } text)
            return query[key].Count == 0;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) || parsed.Year is < 1900 or > 2200)
            return false;
        // In UTC: PostgreSQL's timestamptz parameters take no other offset.
        instant = parsed.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(parsed, ParisTime.Zone.GetUtcOffset(parsed)).ToUniversalTime()
            : new DateTimeOffset(parsed.ToUniversalTime(), TimeSpan.Zero);
        return true;
    }
}
