using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests.Tracking;

/// <summary>
/// <c>/suivi/{token}</c>: the public progress of a request for its contact without an account — the
/// acknowledgement's legal facts and the public timeline; never the answers, files or internal events.
/// </summary>
public sealed class TrackModel(TenantDbContext db, TrackingLinks links, Portal.PortalCatalogue portal) : PageModel
{
    public ServiceRequest Demand { get; private set; } = null!;
    public AcknowledgementFacts Facts { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (links.RequestOf(token) is not { } id)
            return NotFound();
        // Public events only are loaded; the page shows none of the answers or files.
        var request = await db.Requests.AsNoTracking().Include(r => r.Events.Where(e => e.IsPublic).OrderBy(e => e.At))
            .SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
            return NotFound();
        Demand = request;
        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == request.ServiceId, cancellationToken);
        var town = await portal.GetTownAsync(cancellationToken);
        var (silence, appeal) = await AcknowledgementFacts.ThemeRulesAsync(db, request.ThemeId, town.AppealText, cancellationToken);
        Facts = new AcknowledgementFacts(request, service, silence, appeal,
            "Le service étudie votre demande. Vous êtes informé par courriel de chaque étape ; cette page en montre l'historique.");
        // A bearer link: never cached by a proxy, never sent on as a referrer.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
