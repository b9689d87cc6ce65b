using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Portal;

[OutputCache(PolicyName = PortalOutputCache.Policy)]
public sealed class ThemeModel(PortalCatalogue portal, TypicalDelays delays) : PageModel
{
    public ThemeView Theme { get; private set; } = null!;
    public string FamilyTitle { get; private set; } = "";
    public TypicalDelay Delay { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var catalogue = await portal.GetAsync(cancellationToken);
        var theme = catalogue.FindTheme(slug);
        if (theme is null)
            return NotFound();
        Theme = theme;
        FamilyTitle = catalogue.Families.First(f => f.Slug == theme.FamilySlug).Title;
        Delay = await delays.ForAsync(theme, cancellationToken);
        return Page();
    }
}
