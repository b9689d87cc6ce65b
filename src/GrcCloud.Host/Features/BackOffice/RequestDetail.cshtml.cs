using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice;

/// <summary>A request in the back-office: open to the supervisor and to the agents of the request's service only.</summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class RequestDetailModel(TenantDbContext db) : PageModel
{
    public ServiceRequest? Demand { get; private set; }
    public IReadOnlyList<GrcCloud.Host.Features.Requests.AttachmentInfo> Files { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().Include(r => r.Events).SingleOrDefaultAsync(r => r.Reference == reference, cancellationToken);
        if (request is null)
            return NotFound();
        if (!await GrcCloud.Host.Features.Requests.RequestAccess.AgentMayOpenAsync(db, User, request.ServiceId, cancellationToken))
            return new ObjectResult(null) { StatusCode = StatusCodes.Status403Forbidden };
        Demand = request;
        Files = await GrcCloud.Host.Features.Requests.AttachmentInfo.ListAsync(db, request.Id, cancellationToken);
        return Page();
    }
}
