using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Queues;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice;

/// <summary>Open requests of one service on the dashboard.</summary>
public sealed record ServiceLoad(string Name, int Open, int Unassigned, int Overdue);

/// <summary>/agents: the agent's dashboard, the count of each queue and the load of each of their services.</summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class HomeModel(UserManager<TownUser> users, TenantDbContext db, RequestQueue queue) : PageModel
{
    public string Name { get; private set; } = "";
    public IReadOnlyList<string> Roles { get; private set; } = [];
    public IReadOnlyList<string> Services { get; private set; } = [];
    public bool IsSupervisor => Roles.Contains(AgentRoles.Supervisor);
    public QueueCounts Counts { get; private set; } = new(0, 0, 0, 0, 0);
    public IReadOnlyList<ServiceLoad> Loads { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null || await AgentScope.LoadAsync(db, User, cancellationToken) is not { } scope)
            return Challenge();
        Name = user.DisplayName;
        Roles = [.. await users.GetRolesAsync(user)];
        Services = await db.AgentServices.Where(m => m.UserId == user.Id)
            .Join(db.Services, m => m.ServiceId, s => s.Id, (_, s) => s.Name)
            .OrderBy(n => n).ToListAsync(cancellationToken);
        var visible = queue.Filtered(scope, new QueueFilter());
        Counts = await queue.CountAsync(visible, scope, cancellationToken);

        var today = queue.Today;
        var loads = await visible.Where(RequestStates.IsOpen).GroupBy(r => r.ServiceId)
            .Select(g => new { Service = g.Key, Open = g.Count(), Unassigned = g.Count(r => r.AssignedToId == null), Overdue = g.Count(r => r.DueOn < today) })
            .ToListAsync(cancellationToken);
        var names = await db.Services.AsNoTracking().OrderBy(s => s.Position).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        Loads = [.. names.Where(s => scope.Covers(s.Id)).Select(s => loads.FirstOrDefault(l => l.Service == s.Id) is { } l
            ? new ServiceLoad(s.Name, l.Open, l.Unassigned, l.Overdue)
            : new ServiceLoad(s.Name, 0, 0, 0))];
        return Page();
    }
}
