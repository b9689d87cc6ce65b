using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Portal;

[OutputCache(PolicyName = PortalOutputCache.Policy)]
public sealed class IndexModel(PortalCatalogue portal) : PageModel
{
    public CatalogueView Catalogue { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Catalogue = await portal.GetAsync(cancellationToken);
}
