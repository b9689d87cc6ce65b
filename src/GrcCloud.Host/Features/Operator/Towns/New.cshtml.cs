using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>Creating a town (administrators only): the form is checked here, the creation runs as a job whose progress the next page shows.</summary>
[Authorize(Policy = IdentitySetup.OperatorAdminPolicy)]
public sealed class NewModel(TownCreation creation, TownCreationValidator validator, PlatformDbContext db, TenancyOptions tenancy) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Slug { get; set; }
    [BindProperty] public string? Insee { get; set; }
    [BindProperty] public string? Siret { get; set; }
    [BindProperty] public string? AddressLine { get; set; }
    [BindProperty] public string? PostalCode { get; set; }
    [BindProperty] public string? City { get; set; }
    [BindProperty] public string? SupervisorEmail { get; set; }
    [BindProperty] public string? Recipe { get; set; }
    [BindProperty] public string? Plan { get; set; }
    [BindProperty] public string? Hosts { get; set; }

    public string BaseDomain => tenancy.BaseDomain;
    public string SlugHelp => $"Minuscules sans accent, chiffres et tirets ; le portail répondra sur <identifiant>.{tenancy.BaseDomain}. Proposé d'après le nom.";
    public const string SupervisorHelp = "Il reçoit l'invitation à créer son compte dans l'espace des agents de la commune.";
    public IReadOnlyList<string> Recipes { get; private set; } = [];
    public IReadOnlyList<PlanRecord> Plans { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadChoicesAsync();
        Recipe = RecipeLoader.DefaultTemplate;
        Plan = Plans.FirstOrDefault(p => p.IsDefault)?.Code;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var request = new TownCreationRequest
        {
            Name = Name, Slug = Slug, Insee = Insee, Siret = Siret,
            AddressLine = AddressLine, PostalCode = PostalCode, City = City, SupervisorEmail = SupervisorEmail,
            Recipe = Recipe, Plan = Plan, Hosts = TownCreationRequest.HostLines(Hosts),
        };
        var (run, errors) = await creation.StartAsync(request, TownCreationChannel.Console,
            new TownCreationRequester(OperatorAccess.Id(User), OperatorAccess.Email(User)), enqueue: true, HttpContext.RequestAborted);
        if (run is not null)
            return Redirect($"/communes/creations/{run.Id}");
        foreach (var (field, message) in errors)
            ModelState.AddModelError(field, TownCreationValidator.Sentence(message));
        await LoadChoicesAsync();
        return Page();
    }

    private async Task LoadChoicesAsync()
    {
        Recipes = validator.RecipeChoices();
        Plans = await db.Plans.AsNoTracking().Where(p => !p.IsArchived).OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(HttpContext.RequestAborted);
    }
}
