using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Statistics;

public enum ReaderKind
{
    /// <summary>The mayor's office: every service, the request list with personal data and internal notes.</summary>
    Supervisor,
    /// <summary>Their own services, the request list with personal data and internal notes (they open those requests).</summary>
    HeadOfService,
    /// <summary>Every service, aggregates only: no name, address, free text or agent anywhere.</summary>
    ElectedOfficial,
}

/// <summary>
/// Who reads the statistics and within what. One function decides, the strongest first (supervisor,
/// head of service, elected official): a head of service who is also an elected official reads their
/// services with the head's rights. Agents and read-only accounts have no statistics.
/// </summary>
public sealed record StatisticsReader(ReaderKind Kind, ServiceScope Scope)
{
    /// <summary>Names, contact details, answers and assigned agents in the request list export.</summary>
    public bool SeesPersonalData => Kind is not ReaderKind.ElectedOfficial;

    /// <summary>
    /// Internal notes: in the back-office whoever opens a request reads its internal timeline
    /// (RequestAccess.AgentMayOpenAsync: the supervisor, the agents of its service); the export follows it.
    /// </summary>
    public bool ReadsInternalNotes => Kind is ReaderKind.Supervisor or ReaderKind.HeadOfService;

    public static async Task<StatisticsReader?> LoadAsync(TenantDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.IsAgent() || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var agentId))
            return null;
        if (user.IsInRole(AgentRoles.Supervisor))
            return new StatisticsReader(ReaderKind.Supervisor, ServiceScope.Town);
        if (user.IsInRole(AgentRoles.HeadOfService))
        {
            var services = await db.AgentServices.AsNoTracking().Where(m => m.UserId == agentId).Select(m => m.ServiceId).ToListAsync(cancellationToken);
            return new StatisticsReader(ReaderKind.HeadOfService, new ServiceScope(false, services));
        }
        return user.IsInRole(AgentRoles.ElectedOfficial) ? new StatisticsReader(ReaderKind.ElectedOfficial, ServiceScope.Town) : null;
    }

    /// <summary>For the navigation: whether the menu shows the statistics (the page decides again).</summary>
    public static bool MayRead(ClaimsPrincipal user) =>
        user.IsInRole(AgentRoles.Supervisor) || user.IsInRole(AgentRoles.HeadOfService) || user.IsInRole(AgentRoles.ElectedOfficial);
}
