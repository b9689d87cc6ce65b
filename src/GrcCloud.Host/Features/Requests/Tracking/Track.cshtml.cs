using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests.Tracking;

/// <summary>
/// <c>/suivi/{token}</c>: the public progress of a request for its contact without an account — state,
/// service, indicative date and the public timeline; never the answers, files or internal events.
/// </summary>
public sealed class TrackModel(TenantDbContext db, TrackingLinks links) : PageModel
{
    public ServiceRequest Demand { get; private set; } = null!;
    public string ServiceName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (links.RequestOf(token) is not { } id)
            return NotFound();
        var request = await db.Requests.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new ServiceRequest
            {
                Reference = r.Reference, ThemeTitle = r.ThemeTitle, Status = r.Status, DueOn = r.DueOn, ServiceId = r.ServiceId,
                Events = r.Events.Where(e => e.IsPublic).OrderBy(e => e.At).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (request is null)
            return NotFound();
        Demand = request;
        ServiceName = await db.Services.Where(s => s.Id == request.ServiceId).Select(s => s.Name).SingleAsync(cancellationToken);
        // A bearer link: never cached by a proxy, never sent on as a referrer.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
