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
        Requests = await db.Requests.AsNoTracking().VisibleToResident(db, userId)
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
    /// <summary>A follower sees the progress, never the reporter's answers or files.</summary>
    public bool IsFollower { get; private set; }
    public bool Rated { get; private set; }
    public string? RatingError { get; private set; }

    public bool CanRate => !IsFollower && Demand.Status is RequestStatus.Resolved or RequestStatus.Rejected or RequestStatus.Closed && Demand.SatisfactionScore is null;

    /// <summary>Once the request is done, the resident may rate it once (1 to 5, with an optional comment).</summary>
    public async Task<IActionResult> OnPostAvisAsync(string reference, int? note, string? commentaire, CancellationToken cancellationToken)
    {
        var result = await OnGetAsync(reference, null, cancellationToken);
        if (result is not PageResult)
            return result;
        if (!CanRate)
        {
            RatingError = "Votre avis ne peut être donné qu'une fois, quand la demande est terminée.";
            return Page();
        }
        if (note is not (>= 1 and <= 5))
            RatingError = "Choisissez une note de 1 à 5.";
        else if (commentaire is { Length: > 1000 })
            RatingError = "Le commentaire compte 1 000 caractères au plus.";
        if (RatingError is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await db.Requests.Where(r => r.Id == Demand.Id && r.SatisfactionScore == null).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.SatisfactionScore, note)
            .SetProperty(r => r.SatisfactionComment, string.IsNullOrWhiteSpace(commentaire) ? null : commentaire.Trim()), cancellationToken);
        Demand.SatisfactionScore = note;
        Rated = true;
        return Page();
    }

    public async Task<IActionResult> OnGetAsync(string reference, string? what, CancellationToken cancellationToken)
    {
        if (what is not (null or "accuse-de-reception"))
            return NotFound();
        var userId = users.GetUserId(User) is { } id ? Guid.Parse(id) : Guid.Empty;
        var request = await db.Requests.AsNoTracking().Include(r => r.Events.Where(e => e.IsPublic))
            .VisibleToResident(db, userId)
            .SingleOrDefaultAsync(r => r.Reference == reference, cancellationToken);
        if (request is null)
            return NotFound();
        Demand = request;
        IsFollower = request.ResidentId != userId;
        Files = IsFollower ? [] : await AttachmentInfo.ListAsync(db, request.Id, cancellationToken);
        Service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == request.ServiceId, cancellationToken);
        Silence = await db.Themes.Where(t => t.Id == request.ThemeId).Select(t => t.Silence).SingleAsync(cancellationToken);
        Town = await portal.GetTownAsync(cancellationToken);
        Acknowledgement = what == "accuse-de-reception";
        return Page();
    }
}
