using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>The supervisor's view of the catalogue: families in order with their themes; families are created, moved and removed here.</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class CatalogueModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    public sealed record ThemeRow(string Slug, string Title, string Service, bool IsActive, int DueDays, int FieldCount);
    public sealed record FamilyRow(Guid Id, string Slug, string Title, string? Description, IReadOnlyList<ThemeRow> Themes);

    public sealed class FamilyInput
    {
        public string? Title { get; set; }
        public string? Slug { get; set; }
        public string? Description { get; set; }
    }

    [BindProperty]
    public FamilyInput Input { get; set; } = new();

    public IReadOnlyList<FamilyRow> Families { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateFamilyAsync(CancellationToken cancellationToken)
    {
        var input = new AdminInput(ModelState);
        var title = input.Text("Input.Title", Input.Title, "le titre de la famille", 200);
        var description = input.Text("Input.Description", Input.Description, "la description", 500, required: false);
        var taken = await db.Families.Select(f => f.Slug).ToListAsync(cancellationToken);
        var slug = input.Slug("Input.Slug", Input.Slug, title, 60, taken.Contains);
        if (!ModelState.IsValid || title is null || slug is null)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        var position = await db.Families.Select(f => (int?)f.Position).MaxAsync(cancellationToken) ?? -1;
        db.Families.Add(new ThemeFamily { Id = Guid.CreateVersion7(), Slug = slug, Title = title, Description = description, Position = position + 1 });
        await changes.SaveAsync(User, AuditAction.FamilyCreated, slug, title, cancellationToken);
        Done = $"La famille « {title} » est créée.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMoveFamilyAsync(Guid id, int direction, CancellationToken cancellationToken)
    {
        var families = await db.Families.OrderBy(f => f.Position).ToListAsync(cancellationToken);
        var index = families.FindIndex(f => f.Id == id);
        if (index < 0)
            return NotFound();
        var other = index + Math.Sign(direction);
        if (other >= 0 && other < families.Count)
        {
            (families[index], families[other]) = (families[other], families[index]);
            for (var i = 0; i < families.Count; i++)
                families[i].Position = i;
            await changes.SaveAsync(User, AuditAction.FamilyMoved, families[other].Slug, direction < 0 ? "monte" : "descend", cancellationToken);
            Done = $"La famille « {families[other].Title} » a changé de place.";
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteFamilyAsync(Guid id, CancellationToken cancellationToken)
    {
        var family = await db.Families.SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (family is null)
            return NotFound();
        if (await db.Themes.AnyAsync(t => t.FamilyId == id, cancellationToken))
        {
            ModelState.AddModelError(string.Empty, $"La famille « {family.Title} » contient des thèmes : déplacez-les ou supprimez-les d'abord.");
            await LoadAsync(cancellationToken);
            return Page();
        }
        db.Families.Remove(family);
        await changes.SaveAsync(User, AuditAction.FamilyDeleted, family.Slug, family.Title, cancellationToken);
        Done = $"La famille « {family.Title} » est supprimée.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var families = await db.Families.AsNoTracking().OrderBy(f => f.Position).ToListAsync(cancellationToken);
        var themes = await db.Themes.AsNoTracking().OrderBy(t => t.Position).ThenBy(t => t.Title).ToListAsync(cancellationToken);
        Families = [.. families.Select(f => new FamilyRow(f.Id, f.Slug, f.Title, f.Description,
            [.. themes.Where(t => t.FamilyId == f.Id).Select(t => new ThemeRow(t.Slug, t.Title, services.GetValueOrDefault(t.ServiceId) ?? "?", t.IsActive, t.DueDays, t.Fields.Count))]))];
    }
}
