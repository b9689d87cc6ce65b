using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Preferences;

/// <summary>An agent's mail preference for the new requests of their services: one mail each, or one daily digest.</summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class PreferencesModel(TenantDbContext db, AuditLog audit) : PageModel
{
    public const string EachTime = "chaque";
    public const string Daily = "quotidien";

    [BindProperty]
    public string? Frequency { get; set; }

    public IReadOnlyList<string> Services { get; private set; } = [];
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool enregistre, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } agent)
            return Forbid();
        Frequency = agent.DailyDigest ? Daily : EachTime;
        Saved = enregistre;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } agent)
            return Forbid();
        if (Frequency is not (EachTime or Daily))
        {
            ModelState.AddModelError(nameof(Frequency), "Choisissez la fréquence des courriels.");
            return Page();
        }
        agent.DailyDigest = Frequency == Daily;
        audit.Record(User, AuditAction.AgentPreferences, agent.Email ?? agent.Id.ToString(), agent.DailyDigest ? "récapitulatif quotidien" : "un courriel par demande");
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { enregistre = true });
    }

    private async Task<TownUser?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
            return null;
        var agent = await db.Users.SingleOrDefaultAsync(u => u.Id == id && u.Kind == UserKind.Agent, cancellationToken);
        Services = await db.AgentServices.Where(m => m.UserId == id)
            .Join(db.Services, m => m.ServiceId, s => s.Id, (_, s) => s).OrderBy(s => s.Position).Select(s => s.Name).ToListAsync(cancellationToken);
        return agent;
    }
}
