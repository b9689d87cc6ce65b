using System.Globalization;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator.Towns.Town;

/// <summary>The edit form: text as typed, the commune's box as four numbers (comma or point).</summary>
public sealed class TownEditForm
{
    public string? Name { get; set; }
    public string? Siret { get; set; }
    public string? AddressLine { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactAddress { get; set; }
    public string? AreaSouth { get; set; }
    public string? AreaWest { get; set; }
    public string? AreaNorth { get; set; }
    public string? AreaEast { get; set; }
}

/// <summary>
/// One town's page in the console: every operator reads it; administrators act (suspend, resume, edit,
/// domains, FranceConnect, cancel, reactivate, export, purge). Each form posts, then redirects back with
/// a confirmation (post/redirect/get); a refusal shows the page again with the messages next to the fields.
/// </summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class TownPageModel(TownOverviews overviews, TownConfiguration settings, TownLifecycle lifecycle, TownExports exports, OperatorAudit audit) : PageModel
{
    public TownOverview Town { get; private set; } = null!;
    public bool IsAdministrator { get; private set; }
    /// <summary>The confirmation of the last action (a code in the address, so a reload does not act again).</summary>
    public string? Confirmation { get; private set; }
    /// <summary>What went partly wrong (an export without its PostgreSQL archive…), carried over the redirect.</summary>
    [TempData]
    public string? Warning { get; set; }

    public static readonly IReadOnlyDictionary<string, string> Confirmations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["suspendue"] = "Commune suspendue : son portail affiche une page de suspension avec les coordonnées de la mairie ; ses données sont conservées.",
        ["remise-en-service"] = "Commune remise en service : son portail et l'espace des agents sont de nouveau ouverts.",
        ["modifiee"] = "Informations de la commune enregistrées.",
        ["domaine-ajoute"] = "Domaine ajouté : la commune y répond dès maintenant (pensez au DNS et au certificat).",
        ["domaine-retire"] = "Domaine retiré : la commune n'y répond plus.",
        ["franceconnect"] = "Identifiants FranceConnect enregistrés (le secret est stocké chiffré et n'est jamais affiché).",
        ["resiliee"] = "Commune résiliée : son portail est fermé, ses données sont exportées et conservées jusqu'à la date de suppression.",
        ["reactivee"] = "Commune réactivée : son portail et l'espace des agents sont de nouveau ouverts.",
        ["exportee"] = "Export des données enregistré.",
        ["purgee"] = "Données de la commune supprimées définitivement ; son inscription et le journal sont conservés.",
    };

    public async Task<IActionResult> OnGetAsync(string slug, string? fait)
    {
        if (!await LoadAsync(slug))
            return NotFound();
        Confirmation = fait is not null && Confirmations.TryGetValue(fait, out var text) ? text : null;
        return Page();
    }

    /// <summary>Administrators download an export; the file's name is the platform's, never a path from the request.</summary>
    public async Task<IActionResult> OnGetExportAsync(string slug, Guid id)
    {
        if (!await LoadAsync(slug))
            return NotFound();
        if (!IsAdministrator)
            return StatusCode(StatusCodes.Status403Forbidden);
        var export = (await exports.ListAsync(Town.Id, HttpContext.RequestAborted)).FirstOrDefault(e => e.Id == id);
        if (export is null || !System.IO.File.Exists(export.Path))
            return NotFound();
        await TownJournal.RecordAsync(audit, Actor, OperatorActions.TownExportDownloaded, Town.Slug, Path.GetFileName(export.Path));
        Response.Headers.CacheControl = "no-store";
        return PhysicalFile(export.Path, export.Kind == Data.Platform.TownExportKinds.Portable ? "application/zip" : "application/octet-stream", Path.GetFileName(export.Path));
    }

    public Task<IActionResult> OnPostSuspendAsync(string slug, string? suspendReason) =>
        ActAsync(slug, "suspendue", () => lifecycle.SuspendAsync(slug, suspendReason, Actor, HttpContext.RequestAborted), new() { [TownFields.Reason] = nameof(suspendReason) });

    public Task<IActionResult> OnPostResumeAsync(string slug) =>
        ActAsync(slug, "remise-en-service", () => lifecycle.ResumeAsync(slug, Actor, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostEditAsync(string slug, TownEditForm edit)
    {
        var area = ParseArea(edit, out var areaError);
        if (areaError is not null)
            return ActAsync(slug, "modifiee", () => Task.FromResult(TownActionResult.Refused(TownFields.Area, areaError)), EditFields);
        var values = new TownEdit(edit.Name, edit.Siret, edit.AddressLine, edit.PostalCode, edit.City, edit.ContactPhone, edit.ContactEmail, edit.ContactAddress, area);
        return ActAsync(slug, "modifiee", () => settings.EditAsync(slug, values, Actor, HttpContext.RequestAborted), EditFields);
    }

    public Task<IActionResult> OnPostAddHostAsync(string slug, string? newHost) =>
        ActAsync(slug, "domaine-ajoute", () => settings.AddHostAsync(slug, newHost, Actor, HttpContext.RequestAborted), new() { [TownFields.Host] = nameof(newHost) });

    public Task<IActionResult> OnPostRemoveHostAsync(string slug, string? host) =>
        ActAsync(slug, "domaine-retire", () => settings.RemoveHostAsync(slug, host, Actor, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostFranceConnectAsync(string slug, string? fcEnvironment, string? fcClientId, string? fcClientSecret) =>
        ActAsync(slug, "franceconnect", () => settings.SetFranceConnectAsync(slug, fcEnvironment, fcClientId, fcClientSecret, Actor, HttpContext.RequestAborted), new()
        {
            [TownFields.Environment] = nameof(fcEnvironment), [TownFields.ClientId] = nameof(fcClientId), [TownFields.ClientSecret] = nameof(fcClientSecret),
        });

    public Task<IActionResult> OnPostCancelAsync(string slug, string? cancelReason) =>
        ActAsync(slug, "resiliee", () => lifecycle.CancelAsync(slug, cancelReason, Actor, HttpContext.RequestAborted), new() { [TownFields.Reason] = nameof(cancelReason) });

    public Task<IActionResult> OnPostReactivateAsync(string slug) =>
        ActAsync(slug, "reactivee", () => lifecycle.ReactivateAsync(slug, Actor, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostExportAsync(string slug) =>
        ActAsync(slug, "exportee", async () => (await exports.ExportAsync(slug, Actor, HttpContext.RequestAborted)).Result);

    public Task<IActionResult> OnPostPurgeAsync(string slug, string? purgeConfirmation) =>
        ActAsync(slug, "purgee", () => lifecycle.PurgeAsync(slug, purgeConfirmation, Actor, HttpContext.RequestAborted), new() { [TownFields.Confirmation] = nameof(purgeConfirmation) });

    private static readonly Dictionary<string, string> EditFields = new()
    {
        [TownFields.Name] = "edit.Name", [TownFields.Siret] = "edit.Siret", [TownFields.AddressLine] = "edit.AddressLine",
        [TownFields.PostalCode] = "edit.PostalCode", [TownFields.City] = "edit.City", [TownFields.ContactPhone] = "edit.ContactPhone",
        [TownFields.ContactEmail] = "edit.ContactEmail", [TownFields.ContactAddress] = "edit.ContactAddress", [TownFields.Area] = "edit.AreaSouth",
    };

    private TownActor Actor => TownActor.Operator(User);

    /// <summary>Runs one action: 403 for a non-administrator, 404 for an unknown town, the page with its messages when refused, else back to the page.</summary>
    private async Task<IActionResult> ActAsync(string slug, string done, Func<Task<TownActionResult>> action, Dictionary<string, string>? fields = null)
    {
        if (!OperatorAccess.IsAdministrator(User))
            return StatusCode(StatusCodes.Status403Forbidden);
        var result = await action();
        switch (result.Outcome)
        {
            case TownActionOutcome.NotFound:
                return NotFound();
            case TownActionOutcome.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case TownActionOutcome.Refused:
                foreach (var (field, message) in result.Errors)
                    ModelState.AddModelError(fields is not null && fields.TryGetValue(field, out var name) ? name : "", message);
                return await LoadAsync(slug) ? Page() : NotFound();
            default:
                Warning = result.Warning;
                return RedirectToPage(new { slug, fait = done });
        }
    }

    private async Task<bool> LoadAsync(string slug)
    {
        IsAdministrator = OperatorAccess.IsAdministrator(User);
        var town = await overviews.FindAsync(slug, HttpContext.RequestAborted);
        if (town is null)
            return false;
        Town = town;
        return true;
    }

    private static Tenancy.CommuneArea? ParseArea(TownEditForm edit, out string? error)
    {
        error = null;
        string?[] texts = [edit.AreaSouth, edit.AreaWest, edit.AreaNorth, edit.AreaEast];
        if (texts.All(string.IsNullOrWhiteSpace))
            return null;
        var numbers = texts.Select(t => double.TryParse(t?.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : (double?)null).ToArray();
        if (numbers.Any(n => n is null))
        {
            error = "Emprise : donnez les quatre nombres (sud, ouest, nord, est ; par exemple 43,64), ou aucun.";
            return null;
        }
        return new Tenancy.CommuneArea(numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value);
    }


    /// <summary>« 01/12/2026 à 09:05 », Paris time.</summary>
    public static string When(DateTimeOffset? at) =>
        at is { } value ? GrcCloud.Host.Features.Shared.ParisTime.Local(value).ToString("dd/MM/yyyy 'à' HH:mm", CultureInfo.InvariantCulture) : "";

    public static string Day(DateTimeOffset? at) =>
        at is { } value ? GrcCloud.Host.Features.Shared.ParisTime.Local(value).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : "";

    public static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} octets",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} Ko",
        _ => $"{bytes / (1024.0 * 1024):0.#} Mo",
    };
}
