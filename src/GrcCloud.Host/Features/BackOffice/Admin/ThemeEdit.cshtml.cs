using System.Globalization;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>
/// Creates a theme (unpublished until its form has a field) or edits its settings: texts, family,
/// service, due delay, identification, silence, guard rail, order, workflow steps, publication.
/// </summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class ThemeEditModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    public sealed class ThemeInput
    {
        public string? Title { get; set; }
        public string? Slug { get; set; }
        public string? Summary { get; set; }
        /// <summary>The theme's keywords, separated by commas.</summary>
        public string? Keywords { get; set; }
        public string? Notice { get; set; }
        public string? FamilyId { get; set; }
        public string? ServiceId { get; set; }
        public string? DueDays { get; set; }
        public string? Identification { get; set; }
        public string? Silence { get; set; }
        public string? GuardRailMessage { get; set; }
        public string? GuardRailCallNumber { get; set; }
        public string? GuardRailCallLabel { get; set; }
        public string? Position { get; set; }
        public bool IsActive { get; set; }
        public bool RequiresValidation { get; set; }
        public bool SiteVisitUsual { get; set; }
        public bool IsReport { get; set; }
    }

    [BindProperty]
    public ThemeInput Input { get; set; } = new();

    /// <summary>Null while creating.</summary>
    public Theme? Existing { get; private set; }
    public IReadOnlyList<KeyValuePair<string, string>> FamilyOptions { get; private set; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> ServiceOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? slug, string? famille, CancellationToken cancellationToken)
    {
        await LoadOptionsAsync(cancellationToken);
        if (slug is null)
        {
            var family = await db.Families.AsNoTracking().FirstOrDefaultAsync(f => f.Slug == famille, cancellationToken);
            Input = new ThemeInput { FamilyId = family?.Id.ToString(), DueDays = "15", Identification = nameof(IdentificationRequirement.Account), Silence = nameof(SilenceMeaning.None) };
            return Page();
        }
        if (await db.Themes.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) is not { } theme)
            return NotFound();
        Existing = theme;
        Input = new ThemeInput
        {
            Title = theme.Title, Summary = theme.Summary, Notice = theme.Notice, Keywords = string.Join(", ", theme.Keywords),
            FamilyId = theme.FamilyId.ToString(), ServiceId = theme.ServiceId.ToString(),
            DueDays = theme.DueDays.ToString(CultureInfo.InvariantCulture),
            Identification = theme.Identification.ToString(), Silence = theme.Silence.ToString(),
            GuardRailMessage = theme.GuardRailMessage, GuardRailCallNumber = theme.GuardRailCallNumber, GuardRailCallLabel = theme.GuardRailCallLabel,
            Position = (theme.Position + 1).ToString(CultureInfo.InvariantCulture),
            IsActive = theme.IsActive, RequiresValidation = theme.RequiresValidation, SiteVisitUsual = theme.SiteVisitUsual, IsReport = theme.IsReport,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, CancellationToken cancellationToken)
    {
        await LoadOptionsAsync(cancellationToken);
        var theme = slug is null ? null : await db.Themes.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (slug is not null && theme is null)
            return NotFound();
        Existing = theme;

        var input = new AdminInput(ModelState);
        var title = input.Text("Input.Title", Input.Title, "le titre du thème", 200);
        var taken = await db.Themes.Select(t => t.Slug).ToListAsync(cancellationToken);
        var newSlug = theme is null ? input.Slug("Input.Slug", Input.Slug, title, 80, taken.Contains) : theme.Slug;
        var summary = input.Text("Input.Summary", Input.Summary, "le résumé", 500, required: false);
        var keywords = input.Text("Input.Keywords", Input.Keywords, "les mots-clés", 2000, required: false)?
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        if (keywords.Any(k => k.Length > 60))
            ModelState.AddModelError("Input.Keywords", "Chaque mot-clé compte 60 caractères au plus ; séparez-les par des virgules.");
        var notice = input.Text("Input.Notice", Input.Notice, "la notice", 4000, required: false);
        var familyId = input.OneOf("Input.FamilyId", Input.FamilyId, FamilyOptions.Select(f => Guid.Parse(f.Key)), "Choisissez une famille de la liste.");
        var serviceId = input.OneOf("Input.ServiceId", Input.ServiceId, ServiceOptions.Select(s => Guid.Parse(s.Key)), "Choisissez un service de la liste.");
        var dueDays = input.Number("Input.DueDays", Input.DueDays, "le délai de traitement", 1, 365);
        var identification = input.Choice("Input.Identification", Input.Identification, AdminLabels.Identifications.Select(i => i.Key), "Choisissez l'identification demandée dans la liste.");
        var silence = input.Choice("Input.Silence", Input.Silence, AdminLabels.Silences.Select(i => i.Key), "Choisissez le sens du silence dans la liste.");
        var guardMessage = input.Text("Input.GuardRailMessage", Input.GuardRailMessage, "le message de mise en garde", 500, required: false);
        var guardNumber = input.Text("Input.GuardRailCallNumber", Input.GuardRailCallNumber, "le numéro à appeler", 20, required: guardMessage is not null);
        var guardLabel = input.Text("Input.GuardRailCallLabel", Input.GuardRailCallLabel, "le nom du service à appeler", 100, required: false);
        if (guardNumber is not null && guardMessage is null)
            ModelState.AddModelError("Input.GuardRailMessage", "Indiquez le message de mise en garde qui accompagne le numéro à appeler.");
        if (guardNumber is not null && !guardNumber.All(c => char.IsAsciiDigit(c) || c == ' '))
            ModelState.AddModelError("Input.GuardRailCallNumber", "Le numéro à appeler ne contient que des chiffres et des espaces.");
        var position = input.Number("Input.Position", Input.Position, "le rang dans la famille", 1, 1000, required: false);
        if (Input.IsActive && (theme?.Fields.Count ?? 0) == 0)
            ModelState.AddModelError("Input.IsActive", "Un thème n'est publié qu'une fois son formulaire doté d'au moins un champ.");
        if (!ModelState.IsValid || title is null || newSlug is null || familyId is null || serviceId is null || dueDays is null)
            return Page();

        var creating = theme is null;
        if (theme is null)
        {
            theme = new Theme { Id = Guid.CreateVersion7(), Slug = newSlug, Title = title, IsActive = false };
            db.Themes.Add(theme);
        }
        theme.Title = title;
        theme.Summary = summary;
        theme.Notice = notice;
        theme.Keywords = keywords;
        await PlaceAsync(theme, familyId.Value, position, cancellationToken);
        theme.ServiceId = serviceId.Value;
        theme.DueDays = dueDays.Value;
        theme.Identification = Enum.Parse<IdentificationRequirement>(identification!);
        theme.Silence = Enum.Parse<SilenceMeaning>(silence!);
        theme.GuardRailMessage = guardMessage;
        theme.GuardRailCallNumber = guardNumber;
        theme.GuardRailCallLabel = guardLabel;
        theme.IsActive = Input.IsActive;
        theme.RequiresValidation = Input.RequiresValidation;
        theme.SiteVisitUsual = Input.SiteVisitUsual;
        theme.IsReport = Input.IsReport;
        await changes.SaveAsync(User, creating ? AuditAction.ThemeCreated : AuditAction.ThemeUpdated, theme.Slug, title, cancellationToken);
        if (creating)
            return Redirect($"/agents/catalogue/themes/{theme.Slug}/formulaire");
        TempData[nameof(CatalogueModel.Done)] = $"Le thème « {title} » est enregistré.";
        return Redirect("/agents/catalogue");
    }

    /// <summary>Puts the theme at its rank in its family (last when none is given and it changes family) and renumbers the family.</summary>
    private async Task PlaceAsync(Theme theme, Guid familyId, int? rank, CancellationToken cancellationToken)
    {
        var siblings = await db.Themes.Where(t => t.FamilyId == familyId && t.Id != theme.Id).OrderBy(t => t.Position).ThenBy(t => t.Title).ToListAsync(cancellationToken);
        var index = rank is { } r ? r - 1 : theme.FamilyId == familyId && db.Entry(theme).State != EntityState.Added ? theme.Position : siblings.Count;
        siblings.Insert(Math.Clamp(index, 0, siblings.Count), theme);
        theme.FamilyId = familyId;
        for (var i = 0; i < siblings.Count; i++)
            siblings[i].Position = i;
    }

    private async Task LoadOptionsAsync(CancellationToken cancellationToken)
    {
        FamilyOptions = await db.Families.AsNoTracking().OrderBy(f => f.Position)
            .Select(f => new KeyValuePair<string, string>(f.Id.ToString(), f.Title)).ToListAsync(cancellationToken);
        ServiceOptions = await db.Services.AsNoTracking().OrderBy(s => s.Position)
            .Select(s => new KeyValuePair<string, string>(s.Id.ToString(), s.Name)).ToListAsync(cancellationToken);
    }
}
