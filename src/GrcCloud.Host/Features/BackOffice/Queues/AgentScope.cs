using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Queues;

/// <summary>
/// The requests an agent's queues, dashboard and live stream show. The supervisor sees every service;
/// everyone else (agent, head of service, read-only) the services they belong to; an elected official
/// also sees the requests whose validation they were asked for. The same rule as
/// <c>RequestAccess.AgentMayOpenAsync</c> for services, so every listed row opens.
/// </summary>
public sealed record AgentScope(Guid AgentId, bool AllServices, IReadOnlySet<Guid> Services, bool IsElected)
{
    public static async Task<AgentScope?> LoadAsync(TenantDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.IsAgent() || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var agentId))
            return null;
        var services = await db.AgentServices.AsNoTracking().Where(m => m.UserId == agentId).Select(m => m.ServiceId).ToListAsync(cancellationToken);
        return new AgentScope(agentId, user.IsInRole(AgentRoles.Supervisor), services.ToHashSet(), user.IsInRole(AgentRoles.ElectedOfficial));
    }

    /// <summary>Whether a request of this service concerns the agent (validations asked of an official are checked by the query).</summary>
    public bool Covers(Guid serviceId) => AllServices || Services.Contains(serviceId);

    public IQueryable<ServiceRequest> Visible(IQueryable<ServiceRequest> requests, TenantDbContext db)
    {
        if (AllServices)
            return requests;
        var services = Services.ToList();
        var agent = AgentId;
        return IsElected
            ? requests.Where(r => services.Contains(r.ServiceId) || db.Validations.Any(v => v.RequestId == r.Id && v.OfficialId == agent))
            : requests.Where(r => services.Contains(r.ServiceId));
    }
}
