using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// A theme's form: identification as the theme asks (an account, or FranceConnect for civil
/// status), fields pre-filled from the resident's identity, server validation mirroring the
/// browser's, nothing typed lost on an error, and one request per displayed form.
/// </summary>
public sealed class SubmitModel(PortalCatalogue portal, UserManager<TownUser> users, RequestSubmission submissions) : PageModel
{
    public ThemeView Theme { get; private set; } = null!;
    public ThemeFormModel Form { get; private set; } = null!;
    public Guid SubmissionKey { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } refusal)
            return refusal;
        SubmissionKey = Guid.CreateVersion7();
        Form = ThemeFormModel.Blank(Theme.Fields, await PrefillAsync());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, Guid submission, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } refusal)
            return refusal;
        SubmissionKey = submission == Guid.Empty ? Guid.CreateVersion7() : submission;
        var result = FormValidator.Validate(Theme.Fields, Request.Form);
        if (!result.IsValid)
        {
            Form = ThemeFormModel.Posted(Theme.Fields, Request.Form, result.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = await users.GetUserAsync(User);
        var request = await submissions.SubmitAsync(new NewRequest(
            Theme, [.. result.Answers.Select(a => new RequestAnswer(a.Name, a.Label, a.Type, a.Values))], SubmissionKey, RequestChannel.Online,
            user?.Id, user?.DisplayName, user?.Email, user?.PhoneNumber), $"{Request.Scheme}://{Request.Host}", cancellationToken);
        return Redirect($"/mes-demandes/{request.Reference}/accuse-de-reception");
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
