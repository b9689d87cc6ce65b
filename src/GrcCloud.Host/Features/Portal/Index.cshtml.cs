using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Portal;

[OutputCache(PolicyName = PortalOutputCache.Policy)]
public sealed class IndexModel(PortalCatalogue portal) : PageModel
{
    public TownView Town { get; private set; } = null!;
    public IReadOnlyList<FamilySummary> Families { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Town = await portal.GetTownAsync(cancellationToken);
        Families = await portal.GetFamiliesAsync(cancellationToken);
    }
}
