using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Workflow;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests.Forms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// One of the resident's requests: its answers, the service in charge, and the public timeline
/// (internal notes and agents' internal files never appear). The resident answers an information
/// request or writes to the service from here. With <c>accuse-de-reception</c>, the legal
/// acknowledgement. Another person's request is "not found", never "forbidden": references are
/// not to be probed.
/// </summary>
[Authorize(Policy = IdentitySetup.ResidentPolicy)]
[RequestSizeLimit(55 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 55 * 1024 * 1024)]
public sealed class MyRequestModel(TenantDbContext db, UserManager<TownUser> users, PortalCatalogue portal, ResidentConversation conversation) : PageModel
{
    public ServiceRequest Demand { get; private set; } = null!;
    public IReadOnlyList<AttachmentInfo> Files { get; private set; } = [];
    public TownService Service { get; private set; } = null!;
    public TownView Town { get; private set; } = null!;
    public SilenceMeaning Silence { get; private set; }
    /// <summary>The appeal routes; null for a report, which no decision follows.</summary>
    public string? Appeal { get; private set; }
    public bool Acknowledgement { get; private set; }
    /// <summary>A follower sees the progress, never the reporter's answers, messages or files.</summary>
    public bool IsFollower { get; private set; }
    public string? RatingError { get; private set; }
    [TempData(Key = "succes")]
    public string? Success { get; set; }

    public bool CanRate => !IsFollower && RequestStates.IsDoneStatus(Demand.Status) && Demand.SatisfactionScore is null;
    /// <summary>The reporter may write to the service until the request is closed.</summary>
    public bool CanWrite => !IsFollower && Demand.Status != RequestStatus.Closed;
    public bool IsAwaitingAnswer => Demand.Status == RequestStatus.AwaitingResident;
    /// <summary>What the service asked, when it waits for the resident.</summary>
    public RequestEvent? Question => IsAwaitingAnswer ? Demand.Events.Where(e => e.Kind == RequestEventKind.InformationRequested).MaxBy(e => e.At) : null;

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
        // Back to the page, which shows the rating given, with the confirmation.
        Success = "Merci, votre avis a été enregistré.";
        return Redirect($"/mes-demandes/{Demand.Reference}");
    }

    /// <summary>The reporter's answer to an information request (which resumes the request) or a message to the service.</summary>
    public async Task<IActionResult> OnPostMessageAsync(string reference, [FromForm(Name = ResidentConversation.TextInput)] string? text, CancellationToken cancellationToken)
    {
        var found = await OnGetAsync(reference, null, cancellationToken);
        if (found is not PageResult)
            return found;
        if (IsFollower)
            return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        var (files, fileError) = await UploadedAttachments.ReadAsync(Request.Form.Files.GetFiles(ResidentConversation.FilesInput), ResidentConversation.MaxFiles, cancellationToken);
        var me = Actor.Of(User);
        var result = fileError is not null
            ? WorkflowResult.Refused(ResidentConversation.FilesInput, fileError)
            : await conversation.PostAsync(me.Id, me.Name, Demand.Id, text, files, cancellationToken);
        switch (result.Outcome)
        {
            case WorkflowOutcome.Done:
                Success = result.Message;
                return Redirect($"/mes-demandes/{reference}");
            case WorkflowOutcome.NotFound:
                return NotFound();
            case WorkflowOutcome.Forbidden:
                return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        }
        foreach (var (field, message) in result.Errors)
            ModelState.AddModelError(field, message);
        Response.StatusCode = result.Outcome == WorkflowOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await OnGetAsync(reference, null, cancellationToken);
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
        if (IsFollower)
        {
            // The acknowledgement is the reporter's; the timeline is told in the follower's words only.
            if (what is not null)
                return NotFound();
            request.Events.RemoveAll(e => FollowerTexts.For(e.Kind) is null);
            request.Events.ForEach(e => e.Text = FollowerTexts.For(e.Kind)!);
        }
        Files = IsFollower ? [] : await AttachmentInfo.ListAsync(db, request.Id, cancellationToken, publicOnly: true);
        Service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == request.ServiceId, cancellationToken);
        Town = await portal.GetTownAsync(cancellationToken);
        (Silence, Appeal) = await AcknowledgementFacts.ThemeRulesAsync(db, request.ThemeId, Town.AppealText, cancellationToken);
        Acknowledgement = what == "accuse-de-reception";
        return Page();
    }
}
