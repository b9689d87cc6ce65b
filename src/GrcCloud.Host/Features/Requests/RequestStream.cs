using System.Globalization;
using System.Net;
using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// <c>GET /mes-demandes/{reference}/suivi</c>: server-sent events carrying the request's new public
/// timeline entries as they happen (on whichever instance they happen), for its resident only.
/// </summary>
public static class RequestStream
{
    public static IEndpointRouteBuilder MapRequestStream(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/mes-demandes/{reference}/suivi", StreamAsync)
            .RequireAuthorization(IdentitySetup.ResidentPolicy)
            .WithMetadata(new SiteAttribute(SiteKind.Town));
        return routes;
    }

    private static async Task StreamAsync(string reference, HttpContext http, ClaimsPrincipal user, TenantDbContext db,
        UserManager<TownUser> users, TenantContext tenant, RequestEventsHub hub, TimeProvider clock, CancellationToken cancellationToken)
    {
        var owner = users.GetUserId(user) is { } id ? Guid.Parse(id) : Guid.Empty;
        var request = await db.Requests.AsNoTracking().VisibleToResident(db, owner)
            .Where(r => r.Reference == reference)
            .Select(r => new { r.Id, IsFollower = r.ResidentId != owner }).SingleOrDefaultAsync(cancellationToken);
        if (request is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var subscription = hub.Subscribe(tenant.Required.Id, request.Id);
        // The stream starts after what the page showed (its newest event, in ticks), or after the
        // last event this browser received before a reconnection (Last-Event-ID): nothing is missed.
        var cursor = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["depuis"].FirstOrDefault();
        // A cursor that is not an instant (beyond the calendar, negative) counts as none.
        var since = long.TryParse(cursor, out var ticks) && ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero) : clock.GetUtcNow();
        await ServerSentEvents.StartAsync(http.Response, "suivi ouvert", cancellationToken);

        try
        {
            var catchUp = true; // a first pass for what happened between the page and the connection
            while (catchUp || await subscription.Changes.WaitToReadAsync(cancellationToken))
            {
                catchUp = false;
                subscription.Changes.TryRead(out _);
                var fresh = await db.RequestEvents.AsNoTracking()
                    .Where(e => e.RequestId == request.Id && e.IsPublic && e.At > since)
                    .Where(e => !request.IsFollower || FollowerTexts.Kinds.Contains(e.Kind))
                    .OrderBy(e => e.At).ToListAsync(cancellationToken);
                var status = await db.Requests.Where(r => r.Id == request.Id).Select(r => r.Status).SingleAsync(cancellationToken);
                foreach (var entry in fresh)
                {
                    var text = request.IsFollower ? FollowerTexts.For(entry.Kind)! : entry.Text;
                    var item = $"<li><span class=\"when\">{WebUtility.HtmlEncode(RequestLabels.Date(entry.At))}</span> – {WebUtility.HtmlEncode(text)}</li>";
                    await ServerSentEvents.WriteAsync(http.Response, "timeline", item, entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture), cancellationToken);
                    since = entry.At;
                }
                await ServerSentEvents.WriteAsync(http.Response, "status", WebUtility.HtmlEncode(RequestLabels.Status(status)), cancellationToken: cancellationToken);
                await http.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The resident left the page.
        }
    }
}
