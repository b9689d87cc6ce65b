using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Operators;

/// <summary>The operators and their roles: every operator reads it, an administrator changes the others' roles.</summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class IndexModel(PlatformDbContext db, UserManager<OperatorAccount> operators, OperatorAudit audit) : PageModel
{
    public IReadOnlyList<OperatorAccount> Operators { get; private set; } = [];
    public bool IsAdministrator { get; private set; }
    public Guid? CurrentId { get; private set; }
    public string? Changed { get; private set; }

    public async Task OnGetAsync(string? modifie)
    {
        Changed = modifie;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostRoleAsync(Guid id, string? role)
    {
        await LoadAsync();
        if (!IsAdministrator)
            return StatusCode(StatusCodes.Status403Forbidden);
        var account = Operators.FirstOrDefault(o => o.Id == id);
        if (account is null)
            return NotFound();
        if (role is null || !OperatorRoles.All.Contains(role))
            ModelState.AddModelError($"role-{id}", "Choisissez un rôle dans la liste.");
        else if (id == CurrentId)
            ModelState.AddModelError($"role-{id}", "Vous ne pouvez pas changer votre propre rôle : demandez-le à un autre administrateur.");
        if (!ModelState.IsValid)
            return Page();
        var tracked = (await operators.FindByIdAsync(id.ToString()))!;
        var previous = tracked.Role;
        if (previous != role)
        {
            tracked.Role = role!;
            // Its sessions end: the new role applies from its next sign-in.
            await operators.UpdateSecurityStampAsync(tracked);
            await audit.RecordAsync(OperatorActions.RoleChanged, CurrentId, OperatorAccess.Email(User), null,
                $"{tracked.Email} : {OperatorRoles.Label(previous)} → {OperatorRoles.Label(role!)}");
        }
        return RedirectToPage(new { modifie = tracked.Email });
    }

    private async Task LoadAsync()
    {
        IsAdministrator = OperatorAccess.IsAdministrator(User);
        CurrentId = OperatorAccess.Id(User);
        Operators = await db.Users.AsNoTracking().OrderBy(o => o.Email).ToListAsync(HttpContext.RequestAborted);
    }
}
