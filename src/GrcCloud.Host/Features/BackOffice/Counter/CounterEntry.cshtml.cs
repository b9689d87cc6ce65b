using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Requests.Forms;
using GrcCloud.Tenancy;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace GrcCloud.Host.Features.BackOffice.Counter;

/// <summary>A resident found by the counter's search.</summary>
public sealed record ResidentChoice(Guid Id, string Name, string? Email, string? Phone);

/// <summary>
/// /agents/saisie: a request taken for a resident at the counter, by phone, from a letter or an
/// e-mail. The agent picks the theme (active ones) and the channel, finds the resident's account or
/// enters a contact without one, then fills the theme's form; identification requirements do not
/// apply (the agent has the person in front of them). Files are added later from the request's page.
/// The request goes through <see cref="RequestSubmission"/> like the portal's, with its channel.
/// </summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class CounterEntryModel(PortalCatalogue portal, RequestSubmission submissions, RequestTimeline timeline, AuditLog audit, TenantDbContext db) : PageModel
{
    public const string NoAccount = "sans-compte";

    public static readonly IReadOnlyList<(RequestChannel Channel, string Label)> Channels =
    [
        (RequestChannel.Counter, "À l'accueil de la mairie"),
        (RequestChannel.Phone, "Par téléphone"),
        (RequestChannel.Letter, "Par courrier"),
        (RequestChannel.Email, "Par courriel"),
    ];

    /// <summary>The contact of a person without account, checked by the same rules as the themes' fields.</summary>
    private static readonly IReadOnlyList<FormField> ContactFields =
    [
        new() { Name = "nom", Label = "Nom et prénom", Type = "text", MaxLength = 200 },
        new() { Name = "courriel", Label = "Adresse électronique", Type = "email" },
        new() { Name = "telephone", Label = "Téléphone", Type = "phone" },
    ];

    public IReadOnlyList<FamilyView> Families { get; private set; } = [];
    public ThemeView? Theme { get; private set; }
    public RequestChannel? Channel { get; private set; }
    public string? Search { get; private set; }
    public IReadOnlyList<ResidentChoice> Residents { get; private set; } = [];
    /// <summary>The resident chosen, or <see cref="NoAccount"/>.</summary>
    public string? Chosen { get; private set; }
    public ThemeFormModel? Form { get; private set; }
    public Guid SubmissionKey { get; private set; }
    /// <summary>Errors of the first step (theme, channel, search), keyed by input id.</summary>
    public Dictionary<string, string> ChoiceErrors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, string> Contact { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(string? theme, string? canal, string? recherche, CancellationToken cancellationToken)
    {
        if (!MayEnter())
            return Forbid();
        await ChooseAsync(theme, canal, recherche, cancellationToken);
        if (Theme is not null && Channel is not null)
        {
            SubmissionKey = Guid.CreateVersion7();
            Form = ThemeFormModel.Blank(FieldsOf(Theme));
            Chosen = Residents.Count == 0 ? NoAccount : null;
        }
        else if (ChoiceErrors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? theme, string? canal, string? recherche, string? habitant, Guid submission, CancellationToken cancellationToken)
    {
        if (!MayEnter())
            return Forbid();
        await ChooseAsync(theme, canal, recherche, cancellationToken);
        if (Theme is null || Channel is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        SubmissionKey = submission == Guid.Empty ? Guid.CreateVersion7() : submission;
        Chosen = habitant;
        var fields = FieldsOf(Theme);
        var result = FormValidator.Validate(fields, Request.Form, HttpContext.Features.Get<SiteFeature>()?.Tenant);
        var errors = new Dictionary<string, string>(result.Errors);

        ResidentChoice? resident = null;
        Contact = ContactFields.ToDictionary(f => f.Name, f => Request.Form["contact." + f.Name].ToString());
        var contact = CheckContact(errors, nameRequired: habitant == NoAccount);
        if (Guid.TryParse(habitant, out var residentId))
        {
            resident = await FindResidentsAsync(u => u.Id == residentId, cancellationToken) is [var one] ? one : null;
            if (resident is null)
                errors["habitant"] = "Ce compte n'existe pas dans la commune : recherchez la personne à nouveau.";
            else if (!Residents.Any(r => r.Id == resident.Id))
                Residents = [.. Residents, resident];
        }
        else if (habitant != NoAccount)
        {
            errors["habitant"] = "Choisissez la personne trouvée ou « Personne sans compte ».";
        }

        if (errors.Count > 0)
        {
            Form = ThemeFormModel.Posted(fields, Request.Form, errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (name, email, phone) = resident is not null
            ? (resident.Name, resident.Email, contact.GetValueOrDefault("telephone") ?? resident.Phone)
            : (contact["nom"], contact.GetValueOrDefault("courriel"), contact.GetValueOrDefault("telephone"));
        var request = await submissions.SubmitAsync(new NewRequest(
            Theme, [.. result.Answers.Select(a => new RequestAnswer(a.Name, a.Label, a.Type, a.Values))], SubmissionKey, Channel.Value,
            resident?.Id, name, email, phone), cancellationToken);

        // Who took it, on the internal timeline and in the audit log (which also opens the receipt to this agent).
        var agent = User.FindFirstValue(ClaimTypes.GivenName) ?? "un agent";
        var entered = AuditAction.RequestCounterEntry.Code;
        if (!await db.AuditLog.AnyAsync(a => a.Action == entered && a.Subject == request.Reference, cancellationToken))
        {
            timeline.Stage(request.Id, RequestEventKind.CounterEntry, $"Demande saisie {RequestLabels.Channel(Channel.Value)} par {agent}.",
                Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var agentId) ? agentId : null, agent);
            audit.Record(User, AuditAction.RequestCounterEntry, request.Reference, $"canal : {Channel.Value}; compte : {(resident is null ? "aucun" : resident.Id)}");
            await timeline.SaveAsync(cancellationToken);
        }
        return Redirect($"/agents/saisie/{request.Reference}");
    }

    /// <summary>Read-only accounts and elected officials consult; they do not take requests.</summary>
    private bool MayEnter() => User.IsInRole(AgentRoles.Agent) || User.IsInRole(AgentRoles.HeadOfService) || User.IsInRole(AgentRoles.Supervisor);

    private async Task ChooseAsync(string? theme, string? canal, string? recherche, CancellationToken cancellationToken)
    {
        var catalogue = await portal.GetAsync(cancellationToken);
        Families = catalogue.Families;
        if (!string.IsNullOrEmpty(theme))
        {
            Theme = catalogue.FindTheme(theme);
            if (Theme is null)
                ChoiceErrors["theme"] = "Choisissez une démarche de la liste.";
        }
        if (!string.IsNullOrEmpty(canal))
        {
            Channel = Channels.Where(c => c.Channel.ToString() == canal).Select(c => (RequestChannel?)c.Channel).FirstOrDefault();
            if (Channel is null)
                ChoiceErrors["canal"] = "Choisissez comment la demande a été reçue.";
        }
        if (Request.Query.Count > 0 || Request.HasFormContentType)
        {
            if (string.IsNullOrEmpty(theme))
                ChoiceErrors["theme"] = "Choisissez la démarche.";
            if (string.IsNullOrEmpty(canal))
                ChoiceErrors["canal"] = "Choisissez comment la demande a été reçue.";
        }
        Search = recherche?.Trim();
        if (Search is { Length: > 0 })
        {
            if (Search.Length < 2 || Search.Length > 100)
                ChoiceErrors["recherche"] = "Tapez de 2 à 100 caractères du nom ou de l'adresse électronique.";
            else
            {
                var pattern = "%" + Search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
                Residents = await FindResidentsAsync(u => EF.Functions.ILike(u.Email!, pattern)
                    || EF.Functions.ILike((u.GivenName ?? "") + " " + (u.FamilyName ?? ""), pattern)
                    || EF.Functions.ILike((u.FamilyName ?? "") + " " + (u.GivenName ?? ""), pattern), cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<ResidentChoice>> FindResidentsAsync(System.Linq.Expressions.Expression<Func<TownUser, bool>> match, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Resident).Where(match)
            .OrderBy(u => u.FamilyName).ThenBy(u => u.GivenName).Take(20).ToListAsync(cancellationToken);
        return [.. users.Select(u => new ResidentChoice(u.Id, u.DisplayName, u.Email, u.PhoneNumber))];
    }

    /// <summary>
    /// The contact as typed, checked like the themes' fields and normalised (a phone without spaces);
    /// a name is required for a person without account.
    /// </summary>
    private Dictionary<string, string> CheckContact(Dictionary<string, string> errors, bool nameRequired)
    {
        var posted = new FormCollection(ContactFields.ToDictionary(f => FormValidator.Prefix + f.Name, f => new StringValues(Contact[f.Name])));
        var result = FormValidator.Validate(ContactFields, posted);
        foreach (var (id, message) in result.Errors)
            errors[id.Replace("f_", "contact_", StringComparison.Ordinal)] = message;
        var values = result.Answers.ToDictionary(a => a.Name, a => a.Values[0]);
        if (nameRequired && !values.ContainsKey("nom") && !errors.ContainsKey("contact_nom"))
            errors["contact_nom"] = "Indiquez le nom de la personne (ou choisissez son compte).";
        return values;
    }

    private static IReadOnlyList<FormField> FieldsOf(ThemeView theme) => [.. theme.Fields.Where(f => f.Type != "attachments")];
}
