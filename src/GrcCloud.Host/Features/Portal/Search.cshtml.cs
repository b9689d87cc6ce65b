using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Portal;

public sealed class SearchModel(PortalCatalogue portal) : PageModel
{
    public string? Query { get; private set; }
    public IReadOnlyList<ThemeView> Results { get; private set; } = [];

    public async Task OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        Query = q is { Length: > 200 } ? q[..200] : q;
        Results = ThemeSearch.Search(await portal.GetAsync(cancellationToken), Query);
    }
}
