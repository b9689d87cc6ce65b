using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Portal;

[OutputCache(PolicyName = PortalOutputCache.Policy)]
public sealed class FamilyModel(PortalCatalogue portal) : PageModel
{
    public FamilyView Family { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var catalogue = await portal.GetAsync(cancellationToken);
        var family = catalogue.Families.FirstOrDefault(f => f.Slug == slug);
        if (family is null)
            return NotFound();
        Family = family;
        return Page();
    }
}
