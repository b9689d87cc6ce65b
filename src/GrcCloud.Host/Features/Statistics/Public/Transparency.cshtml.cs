using GrcCloud.Host.Features.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace GrcCloud.Host.Features.Statistics.Public;

/// <summary>/transparence: the town's published figures, for anyone, cached per town like the portal.</summary>
[OutputCache(PolicyName = PortalOutputCache.Policy)]
public sealed class TransparencyModel(OpenData openData) : PageModel
{
    public OpenDataSet Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Data = await openData.GetAsync(cancellationToken);
}
