using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice;

/// <summary>The supervisor's list of agents, and invitations by mail (expiring, single-use link).</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class AccountsModel(TenantDbContext db, AgentInvitations invitations) : PageModel
{
    public sealed record AgentRow(string Name, string Email, string Roles, bool Active);

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Indiquez le prénom.")]
        [StringLength(100, ErrorMessage = "Le prénom compte 100 caractères au plus.")]
        public string? GivenName { get; set; }

        [Required(ErrorMessage = "Indiquez le nom.")]
        [StringLength(100, ErrorMessage = "Le nom compte 100 caractères au plus.")]
        public string? FamilyName { get; set; }

        [Required(ErrorMessage = "Indiquez l'adresse électronique.")]
        [ValidEmail]
        [StringLength(EmailAddresses.MaxLength, ErrorMessage = "L'adresse électronique est trop longue.")]
        public string? Email { get; set; }

        public string Role { get; set; } = AgentRoles.Agent;
        public List<Guid> Services { get; set; } = [];
    }

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public IReadOnlyList<AgentRow> Agents { get; private set; } = [];
    public IReadOnlyList<TownService> AllServices { get; private set; } = [];
    public string? InvitedEmail { get; private set; }

    public async Task OnGetAsync(string? invite, CancellationToken cancellationToken)
    {
        InvitedEmail = invite;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!AgentRoles.All.Contains(Input.Role))
            ModelState.AddModelError("Input.Role", "Fonction inconnue.");
        if (Input.Services.Except(AllServices.Select(s => s.Id)).Any())
            ModelState.AddModelError("Input.Services", "Service inconnu.");
        if (!ModelState.IsValid)
            return Page();

        var (agent, _, errors) = await invitations.InviteAsync(
            new AgentInvitation(Input.GivenName!, Input.FamilyName!, Input.Email!, Input.Role, Input.Services), cancellationToken);
        if (agent is null)
        {
            foreach (var error in errors)
                ModelState.AddModelError("Input.Email", error);
            return Page();
        }
        return RedirectToPage(null, new { invite = agent.Email });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        AllServices = await db.Services.AsNoTracking().OrderBy(s => s.Position).ToListAsync(cancellationToken);
        var agents = await db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Agent).OrderBy(u => u.FamilyName).ToListAsync(cancellationToken);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        Agents = [.. agents.Select(a => new AgentRow(a.DisplayName, a.Email ?? "",
            string.Join(", ", roles.Where(r => r.UserId == a.Id).Select(r => AgentRoles.Label(r.Name!))), a.PasswordHash is not null))];
    }
}
