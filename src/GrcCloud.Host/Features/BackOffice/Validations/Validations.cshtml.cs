using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Workflow;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Requests.Forms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Validations;

/// <summary>
/// The elected official's queue: the decisions agents asked them to validate, each with what the
/// request says, to approve or refuse with a comment. The supervisor sees every pending one, read only.
/// </summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class ValidationsModel(TenantDbContext db, RequestWorkflow workflow) : PageModel
{
    public sealed record Item(ValidationRequest Validation, ServiceRequest Request, string OfficialName);
    /// <summary>A photo or document of a pending request, as the official's page lists it (its content comes from the Piece handler).</summary>
    public sealed record Piece(Guid Id, Guid RequestId, string FileName, string ContentType, string Origin)
    {
        public bool IsImage => ContentType is "image/jpeg" or "image/png";
    }

    public IReadOnlyList<Item> Pending { get; private set; } = [];
    /// <summary>Every pending one (the page lists the 200 oldest).</summary>
    public int PendingTotal { get; private set; }
    public IReadOnlyList<Item> Decided { get; private set; } = [];
    /// <summary>The recorded site visits of the pending requests, by request: what was seen on the spot.</summary>
    public ILookup<Guid, SiteVisit> Visits { get; private set; } = Array.Empty<SiteVisit>().ToLookup(v => v.RequestId);
    /// <summary>The files of the pending requests, by request (read in one query for the whole page, never their content).</summary>
    public ILookup<Guid, Piece> Pieces { get; private set; } = Array.Empty<Piece>().ToLookup(p => p.RequestId);
    public bool IsOfficial => User.IsInRole(AgentRoles.ElectedOfficial);
    [TempData(Key = "succes")]
    public string? Success { get; set; }

    /// <summary>Each validation's inputs carry its id, so an error shows in its own form only.</summary>
    public static string Input(Guid validation, string name) => $"v{validation:N}.{name}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!IsOfficial && !User.IsInRole(AgentRoles.Supervisor))
            return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>How many decisions wait for this person: the live script compares it with the page's.</summary>
    public async Task<IActionResult> OnGetEnAttenteAsync(CancellationToken cancellationToken)
    {
        if (!IsOfficial && !User.IsInRole(AgentRoles.Supervisor))
            return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        return new JsonResult(await Listed(PendingOnes()).CountAsync(cancellationToken));
    }

    /// <summary>
    /// A file of a request whose validation this person may see (the official asked, or the supervisor):
    /// the official need not belong to the request's service to look at the photos she decides on.
    /// Images are shown inline (thumbnails), anything else is a download; never cached.
    /// </summary>
    public async Task<IActionResult> OnGetPieceAsync(Guid validation, Guid piece, CancellationToken cancellationToken)
    {
        if (!IsOfficial && !User.IsInRole(AgentRoles.Supervisor))
            return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        var requestId = await Mine().Where(v => v.Id == validation).Select(v => (Guid?)v.RequestId).SingleOrDefaultAsync(cancellationToken);
        var file = requestId is null ? null : await db.RequestAttachments.AsNoTracking().Where(a => a.Id == piece && a.RequestId == requestId)
            .Select(a => new { a.Content, a.ContentType, a.FileName }).SingleOrDefaultAsync(cancellationToken);
        if (file is null)
            return NotFound();
        Response.Headers.CacheControl = "no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        var (type, extension) = AttachmentCheck.Served(file.ContentType);
        return type.StartsWith("image/", StringComparison.Ordinal) ? File(file.Content, type) : File(file.Content, type, $"piece-{piece:N}{extension}");
    }

    public async Task<IActionResult> OnPostAsync(Guid validation, CancellationToken cancellationToken)
    {
        var result = await workflow.DecideValidationAsync(User, validation,
            Request.Form[Input(validation, "decision")].FirstOrDefault(), Request.Form[Input(validation, "commentaire")].FirstOrDefault(), cancellationToken);
        switch (result.Outcome)
        {
            case WorkflowOutcome.Done:
                Success = result.Message;
                return RedirectToPage();
            case WorkflowOutcome.NotFound:
                return NotFound();
            case WorkflowOutcome.Forbidden:
                return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        }
        foreach (var (field, message) in result.Errors)
            ModelState.AddModelError(field.Length == 0 ? "" : Input(validation, field), message);
        await LoadAsync(cancellationToken);
        Response.StatusCode = result.Outcome == WorkflowOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PendingTotal = await Listed(PendingOnes()).CountAsync(cancellationToken);
        Pending = await ItemsAsync(Listed(PendingOnes()).OrderBy(x => x.Validation.AskedAt).Take(200), cancellationToken);
        var requestIds = Pending.Select(p => p.Request.Id).Distinct().ToList();
        Visits = (await db.SiteVisits.AsNoTracking().Where(v => requestIds.Contains(v.RequestId) && v.RecordedAt != null).OrderBy(v => v.RecordedAt)
            .ToListAsync(cancellationToken)).ToLookup(v => v.RequestId);
        Pieces = (await db.RequestAttachments.AsNoTracking().Where(a => requestIds.Contains(a.RequestId)).OrderBy(a => a.UploadedAt)
            .Select(a => new Piece(a.Id, a.RequestId, a.FileName, a.ContentType, a.Origin)).ToListAsync(cancellationToken))
            .Select(p => p with { FileName = AttachmentChecks.ShownName(p.FileName) }).ToLookup(p => p.RequestId);
        Decided = await ItemsAsync(Listed(Mine().Where(v => v.Decision != ValidationDecision.Pending)).OrderByDescending(x => x.Validation.DecidedAt).Take(20), cancellationToken);
    }

    /// <summary>This official's validations (every one for the supervisor).</summary>
    private IQueryable<ValidationRequest> Mine()
    {
        var me = Actor.Of(User).Id;
        var official = IsOfficial;
        return db.Validations.AsNoTracking().Where(v => !official || v.OfficialId == me);
    }

    private IQueryable<ValidationRequest> PendingOnes() => Mine().Where(v => v.Decision == ValidationDecision.Pending);

    /// <summary>With their request and official: what the page lists, and what its live count counts.</summary>
    private IQueryable<Listing> Listed(IQueryable<ValidationRequest> validations) => validations
        .Join(db.Requests.AsNoTracking(), v => v.RequestId, r => r.Id, (v, r) => new { v, r })
        .Join(db.Users.AsNoTracking(), x => x.v.OfficialId, u => u.Id, (x, u) => new Listing { Validation = x.v, Request = x.r, Official = u });

    private static async Task<IReadOnlyList<Item>> ItemsAsync(IQueryable<Listing> rows, CancellationToken cancellationToken) =>
        [.. (await rows.ToListAsync(cancellationToken)).Select(x => new Item(x.Validation, x.Request, x.Official.DisplayName))];

    private sealed class Listing
    {
        public required ValidationRequest Validation { get; init; }
        public required ServiceRequest Request { get; init; }
        public required TownUser Official { get; init; }
    }
}
