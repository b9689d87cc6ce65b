using GrcCloud.Host.Features.Identity;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator;

public sealed class IndexModel(TenancyOptions options, Towns.TownList towns) : PageModel
{
    public string BaseDomain => options.BaseDomain;
    public string? OperatorEmail { get; private set; }
    public IReadOnlyList<Towns.TownRow> Towns { get; private set; } = [];
    public IReadOnlyList<Towns.TownColumn> Columns => towns.Columns;

    public async Task OnGetAsync()
    {
        var result = await HttpContext.AuthenticateAsync(IdentitySetup.OperatorScheme);
        OperatorEmail = result.Principal?.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
        if (OperatorEmail is not null)
            Towns = await towns.LoadAsync(HttpContext.RequestAborted);
    }
}
