using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice;

[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class HomeModel(UserManager<TownUser> users, TenantDbContext db) : PageModel
{
    public string Name { get; private set; } = "";
    public IReadOnlyList<string> Roles { get; private set; } = [];
    public IReadOnlyList<string> Services { get; private set; } = [];
    public bool IsSupervisor => Roles.Contains(AgentRoles.Supervisor);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        Name = user.DisplayName;
        Roles = [.. await users.GetRolesAsync(user)];
        Services = await db.AgentServices.Where(m => m.UserId == user.Id)
            .Join(db.Services, m => m.ServiceId, s => s.Id, (_, s) => s.Name)
            .OrderBy(n => n).ToListAsync(cancellationToken);
        return Page();
    }
}
