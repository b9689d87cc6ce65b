using GrcCloud.Host.Features.Identity;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator;

public sealed class IndexModel(TenancyOptions options, TenantRegistry registry) : PageModel
{
    public string BaseDomain => options.BaseDomain;
    public string? OperatorEmail { get; private set; }
    public IReadOnlyList<TenantInfo> Towns { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var result = await HttpContext.AuthenticateAsync(IdentitySetup.OperatorScheme);
        OperatorEmail = result.Principal?.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
        if (OperatorEmail is not null)
            Towns = [.. registry.All.OrderBy(t => t.Slug, StringComparer.Ordinal)];
    }
}
