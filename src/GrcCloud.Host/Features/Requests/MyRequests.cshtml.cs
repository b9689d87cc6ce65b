using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Portal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>The resident's requests, newest first.</summary>
[Authorize(Policy = IdentitySetup.ResidentPolicy)]
public sealed class MyRequestsModel(TenantDbContext db, UserManager<TownUser> users) : PageModel
{
    public sealed record Row(string Reference, string Theme, RequestStatus Status, DateTimeOffset ReceivedAt);

    public IReadOnlyList<Row> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User) is { } id ? Guid.Parse(id) : Guid.Empty;
        Requests = await db.Requests.AsNoTracking().Where(r => r.ResidentId == userId)
            .OrderByDescending(r => r.ReceivedAt)
            .Select(r => new Row(r.Reference, r.ThemeTitle, r.Status, r.ReceivedAt))
            .ToListAsync(cancellationToken);
        return Page();
    }
}

/// <summary>
/// One of the resident's requests: its answers, the service in charge, and the public timeline
/// (internal notes never appear). With <c>accuse-de-reception</c>, the legal acknowledgement.
/// Another person's request is "not found", never "forbidden": references are not to be probed.
/// </summary>
[Authorize(Policy = IdentitySetup.ResidentPolicy)]
public sealed class MyRequestModel(TenantDbContext db, UserManager<TownUser> users, PortalCatalogue portal) : PageModel
{
    public ServiceRequest Demand { get; private set; } = null!;
    public IReadOnlyList<AttachmentInfo> Files { get; private set; } = [];
    public TownService Service { get; private set; } = null!;
    public TownView Town { get; private set; } = null!;
    public SilenceMeaning Silence { get; private set; }
    public bool Acknowledgement { get; private set; }

    public async Task<IActionResult> OnGetAsync(string reference, string? what, CancellationToken cancellationToken)
    {
        if (what is not (null or "accuse-de-reception"))
            return NotFound();
        var userId = users.GetUserId(User) is { } id ? Guid.Parse(id) : Guid.Empty;
        var request = await db.Requests.AsNoTracking().Include(r => r.Events.Where(e => e.IsPublic))
            .SingleOrDefaultAsync(r => r.Reference == reference && r.ResidentId == userId, cancellationToken);
        if (request is null)
            return NotFound();
        Demand = request;
        Files = await AttachmentInfo.ListAsync(db, request.Id, cancellationToken);
        Service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == request.ServiceId, cancellationToken);
        Silence = await db.Themes.Where(t => t.Id == request.ThemeId).Select(t => t.Silence).SingleAsync(cancellationToken);
        Town = await portal.GetTownAsync(cancellationToken);
        Acknowledgement = what == "accuse-de-reception";
        return Page();
    }
}
