using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests.Forms;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// A theme's form: identification as the theme asks (an account, or FranceConnect for civil
/// status), fields pre-filled from the resident's identity, server validation mirroring the
/// browser's, nothing typed lost on an error, and one request per displayed form.
/// </summary>
// Five files of 10 MB at most, plus the form: anything larger is refused before it is read (413).
[RequestSizeLimit(55 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 55 * 1024 * 1024)]
public sealed class SubmitModel(PortalCatalogue portal, UserManager<TownUser> users, RequestSubmission submissions, RequestDrafts drafts, NearbyRequests nearby, FollowOffers offers, TenantDbContext db, TimeProvider clock) : PageModel
{
    public ThemeView Theme { get; private set; } = null!;
    public ThemeFormModel Form { get; private set; } = null!;
    public Guid SubmissionKey { get; private set; }
    /// <summary>When the form shows a draft: when it was saved.</summary>
    public DateTimeOffset? DraftSavedAt { get; private set; }
    public bool DraftJustSaved { get; private set; }
    public bool CanKeepDraft => User.IsResidentSignedIn();
    /// <summary>Open reports of this theme near the point given, shown before sending a duplicate.</summary>
    public IReadOnlyList<NearbyRequest> Nearby { get; private set; } = [];
    /// <summary>The signed-in resident's offers to follow, by request: only these can be followed.</summary>
    public IReadOnlyDictionary<Guid, string> FollowOffers { get; private set; } = new Dictionary<Guid, string>();
    /// <summary>Why an offered report can no longer be followed.</summary>
    public string? FollowError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } refusal)
            return refusal;
        SubmissionKey = Guid.CreateVersion7();
        var draft = await drafts.FindAsync(Theme.Slug, cancellationToken);
        DraftSavedAt = draft?.SavedAt;
        Form = ThemeFormModel.Blank(Theme.Fields, draft is null
            ? await PrefillAsync()
            : draft.Values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, Guid submission, string? brouillon, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } refusal)
            return refusal;
        SubmissionKey = submission == Guid.Empty ? Guid.CreateVersion7() : submission;
        if (brouillon is not null && CanKeepDraft)
        {
            // Kept as typed, unchecked: the checks run when the form is sent.
            Form = ThemeFormModel.Posted(Theme.Fields, Request.Form, new Dictionary<string, string>());
            DraftSavedAt = await drafts.SaveAsync(Theme.Slug, Form.Values, cancellationToken);
            DraftJustSaved = true;
            return Page();
        }
        var result = FormValidator.Validate(Theme.Fields, Request.Form, HttpContext.Features.Get<SiteFeature>()?.Tenant);
        var (attachments, fileErrors) = await ReadAttachmentsAsync(cancellationToken);
        if (!result.IsValid || fileErrors.Count > 0)
        {
            var errors = new Dictionary<string, string>(result.Errors);
            foreach (var (id, message) in fileErrors)
                errors[id] = message;
            Form = ThemeFormModel.Posted(Theme.Fields, Request.Form, errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var point = result.Answers.FirstOrDefault(a => a.Type == "location")?.Values is [var first, ..] ? first : null;
        if (point is not null && Request.Form["envoyer_quand_meme"].Count == 0 && NearbyRequests.TryParse(point, out var lat, out var lon))
        {
            Nearby = await nearby.FindAsync(Theme.Slug, lat, lon, cancellationToken);
            if (Nearby.Count > 0)
            {
                if (users.GetUserId(User) is { } residentId && User.IsResidentSignedIn())
                    FollowOffers = Nearby.ToDictionary(n => n.Id, n => offers.Offer(Guid.Parse(residentId), Theme.Slug, n.Id));
                Form = ThemeFormModel.Posted(Theme.Fields, Request.Form, new Dictionary<string, string>());
                return Page();
            }
        }

        var user = await users.GetUserAsync(User);
        var request = await submissions.SubmitAsync(new NewRequest(
            Theme, [.. result.Answers.Select(a => new RequestAnswer(a.Name, a.Label, a.Type, a.Values))], SubmissionKey, RequestChannel.Online,
            user?.Id, user?.DisplayName, user?.Email, user?.PhoneNumber, attachments), cancellationToken);
        await drafts.DeleteAsync(Theme.Slug, cancellationToken);
        return Redirect($"/mes-demandes/{request.Reference}/accuse-de-reception");
    }

    /// <summary>
    /// Follows a nearby open report instead of sending a new one: its public progress then shows in
    /// "Mes demandes". Only a report the duplicate search offered to this resident (<see cref="FollowOffers"/>),
    /// still open and located: a guessed reference is "not found".
    /// </summary>
    public async Task<IActionResult> OnPostSuivreAsync(string slug, string? offre, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } refusal)
            return refusal;
        var user = await users.GetUserAsync(User);
        if (user is null || offers.RequestOf(offre, user.Id, Theme.Slug) is not { } offered)
            return NotFound();
        var request = await db.Requests.AsNoTracking()
            .Where(r => r.Id == offered && db.Themes.Any(t => t.Id == r.ThemeId && t.Slug == Theme.Slug))
            .Select(r => new { r.Id, r.Reference, r.ResidentId, r.Status, r.Answers }).SingleOrDefaultAsync(cancellationToken);
        if (request is null || NearbyRequests.LocationOf(request.Answers) is null)
            return NotFound();
        if (RequestStates.IsDoneStatus(request.Status))
        {
            FollowError = $"Le signalement {request.Reference} vient d'être traité : il ne peut plus être suivi. Si le problème demeure, envoyez votre signalement.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await OnGetAsync(slug, cancellationToken);
        }
        if (request.ResidentId != user.Id && !await db.RequestFollowers.AnyAsync(f => f.RequestId == request.Id && f.ResidentId == user.Id, cancellationToken))
        {
            db.RequestFollowers.Add(new RequestFollower { RequestId = request.Id, ResidentId = user.Id, FollowedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
        await drafts.DeleteAsync(Theme.Slug, cancellationToken);
        return Redirect($"/mes-demandes/{request.Reference}");
    }

    /// <summary>
    /// The files of the theme's attachments field: count and size limited, type read from the
    /// content (never the name), photos stripped of their metadata (the GPS position among them).
    /// </summary>
    private async Task<(List<NewAttachment> Files, Dictionary<string, string> Errors)> ReadAttachmentsAsync(CancellationToken cancellationToken)
    {
        var files = new List<NewAttachment>();
        var errors = new Dictionary<string, string>();
        var field = Theme.Fields.FirstOrDefault(f => f.Type == "attachments");
        var posted = Request.Form.Files.GetFiles("fichiers").Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        if (field is null)
        {
            if (posted.Count > 0)
                errors[string.Empty] = "Cette démarche n'accepte pas de pièce jointe.";
            return (files, errors);
        }
        var id = FormValidator.Id(field.Name);
        var max = field.MaxFiles ?? AttachmentChecks.MaxFilesDefault;
        if (posted.Count > max)
            errors[id] = $"{field.Label} : {max} fichiers au plus.";
        else if (posted.Count == 0 && field.Required)
            errors[id] = $"{field.Label} : ajoutez au moins un fichier.";
        foreach (var file in posted.Take(max))
        {
            var (accepted, error) = await UploadedAttachments.ReadOneAsync(file, cancellationToken);
            if (accepted is null)
                errors[id] = error!;
            else
                files.Add(accepted);
        }
        return (files, errors);
    }

    /// <summary>Null when the person may fill the form; otherwise where to send them.</summary>
    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var theme = (await portal.GetAsync(cancellationToken)).FindTheme(slug);
        if (theme is null)
            return NotFound();
        Theme = theme;
        if (theme.Identification == IdentificationRequirement.None)
            return null;
        if (!User.IsResidentSignedIn())
            return Redirect("/connexion" + QueryString.Create("retour", $"/demarches/{slug}/formulaire"));
        if (theme.Identification == IdentificationRequirement.FranceConnect && (await users.GetUserAsync(User))?.FranceConnectSub is null)
            return Redirect($"/demarches/{slug}?franceconnect=requis");
        return null;
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> PrefillAsync()
    {
        var values = new Dictionary<string, IReadOnlyList<string>>();
        if (await users.GetUserAsync(User) is not { } user)
            return values;
        foreach (var field in Theme.Fields.Where(f => f.Prefill is not null))
        {
            var value = field.Prefill switch
            {
                "given_name" => user.GivenName,
                "family_name" => user.FamilyName,
                // "1992-00-00" (day or month unknown) is no calendar date: leave the field for the person.
                "birthdate" => DateOnly.TryParseExact(user.BirthDate, "yyyy-MM-dd", out _) ? user.BirthDate : null,
                "birthplace" => user.BirthPlace,
                "email" => user.Email,
                "phone" => user.PhoneNumber,
                _ => null,
            };
            if (!string.IsNullOrEmpty(value))
                values[field.Name] = [value];
        }
        return values;
    }
}
