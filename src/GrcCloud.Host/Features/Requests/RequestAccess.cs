using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Requests.Forms;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>Who may open a request: its resident; in the back-office, the supervisor and the agents of its service.</summary>
public static class RequestAccess
{
    /// <summary>The requests a resident may follow on the portal: their own, and the reports they chose to follow.</summary>
    public static IQueryable<ServiceRequest> VisibleToResident(this IQueryable<ServiceRequest> requests, TenantDbContext db, Guid resident) =>
        requests.Where(r => r.ResidentId == resident || db.RequestFollowers.Any(f => f.RequestId == r.Id && f.ResidentId == resident));

    /// <summary>
    /// The supervisor, or an agent of the service: the agents' part of <see cref="RequestAuthorizationHandler"/>
    /// (which pages and handlers ask through <c>IAuthorizationService</c>), also used where a service, not a request, is opened.
    /// </summary>
    public static async Task<bool> AgentMayOpenAsync(TenantDbContext db, ClaimsPrincipal user, Guid serviceId, CancellationToken cancellationToken)
    {
        if (!user.IsAgent() || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var agentId))
            return false;
        return user.IsInRole(AgentRoles.Supervisor)
            || await db.AgentServices.AnyAsync(m => m.UserId == agentId && m.ServiceId == serviceId, cancellationToken);
    }

    /// <summary>The files of a request, for its resident or an agent who may open it; "not found" for anyone else.</summary>
    public static IEndpointRouteBuilder MapRequestAttachments(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/mes-demandes/{reference}/pieces/{id:guid}", async (string reference, Guid id, ClaimsPrincipal user, TenantDbContext db, UserManager<TownUser> users, HttpContext http, CancellationToken ct) =>
        {
            var owner = users.GetUserId(user) is { } uid ? Guid.Parse(uid) : Guid.Empty;
            var files = db.RequestAttachments.Where(a => a.IsPublic && db.Requests.Any(r => r.Id == a.RequestId && r.Reference == reference && r.ResidentId == owner));
            return await ServeAsync(files, id, reference, http, ct);
        }).RequireAuthorization(IdentitySetup.ResidentPolicy).WithMetadata(new SiteAttribute(SiteKind.Town));

        routes.MapGet("/agents/demandes/{reference}/pieces/{id:guid}", async (string reference, Guid id, ClaimsPrincipal user, TenantDbContext db, IAuthorizationService authorization, HttpContext http, CancellationToken ct) =>
        {
            var request = await db.Requests.AsNoTracking().Where(r => r.Reference == reference).Select(r => new RequestResource(r.Id, r.ServiceId, r.ResidentId)).SingleOrDefaultAsync(ct);
            if (request is null || !await authorization.MayAsync(user, request, RequestOperations.Read))
                return Results.NotFound();
            return await ServeAsync(db.RequestAttachments.Where(a => a.RequestId == request.Id), id, reference, http, ct);
        }).RequireAuthorization(IdentitySetup.AgentPolicy).WithMetadata(new SiteAttribute(SiteKind.Town));
        return routes;
    }

    /// <summary>
    /// One of the files the person may see, saved (never shown inline) under a name the platform builds
    /// from the reference and the file's rank among them, with its detected type; never kept in a cache.
    /// The reference only reaches the header once it has matched the stored one.
    /// </summary>
    private static async Task<IResult> ServeAsync(IQueryable<RequestAttachment> visible, Guid id, string reference, HttpContext http, CancellationToken ct)
    {
        var ids = await visible.OrderBy(a => a.UploadedAt).ThenBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        var rank = ids.IndexOf(id) + 1;
        if (rank == 0)
            return Results.NotFound();
        var file = await visible.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Content, a.ContentType }).SingleAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(file.Content, AttachmentCheck.Served(file.ContentType).ContentType, AttachmentCheck.DownloadName(reference, rank, file.ContentType));
    }
}

/// <summary>What a page lists of a file, without loading its content.</summary>
public sealed record AttachmentInfo(Guid Id, string FileName, long Size)
{
    /// <summary>With <paramref name="publicOnly"/>, what the resident may see: never the agents' internal files (site visit photos).</summary>
    public static async Task<IReadOnlyList<AttachmentInfo>> ListAsync(TenantDbContext db, Guid requestId, CancellationToken cancellationToken, bool publicOnly = false) =>
        (await db.RequestAttachments.AsNoTracking().Where(a => a.RequestId == requestId && (!publicOnly || a.IsPublic)).OrderBy(a => a.UploadedAt)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.Size)).ToListAsync(cancellationToken))
            .ConvertAll(a => a with { FileName = AttachmentChecks.ShownName(a.FileName) }); // rows stored before names were cleaned
}
