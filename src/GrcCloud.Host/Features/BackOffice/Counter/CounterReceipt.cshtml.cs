using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Counter;

/// <summary>
/// /agents/saisie/{reference}: the reference and a printable acknowledgement for the person at the
/// counter. Open to the agent who took the request (audit log) and to those who may open it.
/// </summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class CounterReceiptModel(TenantDbContext db, PortalCatalogue portal) : PageModel
{
    public ServiceRequest Demand { get; private set; } = null!;
    public TownService Service { get; private set; } = null!;
    public TownView Town { get; private set; } = null!;
    /// <summary>The appeal routes; null for a report, which no decision follows.</summary>
    public string? Appeal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Reference == reference, cancellationToken);
        if (request is null)
            return NotFound();
        var agent = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;
        var entered = AuditAction.RequestCounterEntry.Code;
        var tookIt = await db.AuditLog.AnyAsync(a => a.Action == entered && a.Subject == reference && a.UserId == agent, cancellationToken);
        if (!tookIt && !await RequestAccess.AgentMayOpenAsync(db, User, request.ServiceId, cancellationToken))
            return NotFound();
        Demand = request;
        Service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == request.ServiceId, cancellationToken);
        Town = await portal.GetTownAsync(cancellationToken);
        (_, Appeal) = await AcknowledgementFacts.ThemeRulesAsync(db, request.ThemeId, Town.AppealText, cancellationToken);
        return Page();
    }
}
