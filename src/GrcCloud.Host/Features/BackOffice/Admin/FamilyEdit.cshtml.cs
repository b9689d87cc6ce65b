using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>Renames or describes a family (its identifier in the portal's addresses stays).</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class FamilyEditModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    [BindProperty]
    public CatalogueModel.FamilyInput Input { get; set; } = new();

    public ThemeFamily Family { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await db.Families.AsNoTracking().SingleOrDefaultAsync(f => f.Slug == slug, cancellationToken) is not { } family)
            return NotFound();
        Family = family;
        Input = new CatalogueModel.FamilyInput { Title = family.Title, Description = family.Description };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (await db.Families.SingleOrDefaultAsync(f => f.Slug == slug, cancellationToken) is not { } family)
            return NotFound();
        Family = family;
        var input = new AdminInput(ModelState);
        var title = input.Text("Input.Title", Input.Title, "le titre de la famille", 200);
        var description = input.Text("Input.Description", Input.Description, "la description", 500, required: false);
        if (!ModelState.IsValid || title is null)
            return Page();
        var details = family.Title == title ? "description" : $"« {family.Title} » → « {title} »";
        family.Title = title;
        family.Description = description;
        await changes.SaveAsync(User, AuditAction.FamilyUpdated, family.Slug, details, cancellationToken);
        TempData[nameof(CatalogueModel.Done)] = $"La famille « {title} » est enregistrée.";
        return Redirect("/agents/catalogue");
    }
}
