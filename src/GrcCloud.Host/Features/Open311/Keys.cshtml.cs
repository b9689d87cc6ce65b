using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Open311;

/// <summary>The supervisor issues the keys applications present to post through Open311, and revokes them.</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class KeysModel(Open311Keys keys, TenantDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty] public string? KeyName { get; set; }

    public IReadOnlyList<Open311ApiKey> Keys { get; private set; } = [];
    /// <summary>The key just issued: shown on this response only, never stored in clear.</summary>
    public string? IssuedSecret { get; private set; }
    public string? IssuedName { get; private set; }
    public string? RevokedName { get; private set; }
    public string Endpoint => $"{Request.Scheme}://{Request.Host}{Open311Api.BasePath}";

    public async Task OnGetAsync(CancellationToken cancellationToken) => Keys = await keys.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken cancellationToken)
    {
        var name = KeyName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > Open311Keys.NameMax || name.Any(char.IsControl))
            ModelState.AddModelError(nameof(KeyName), $"Indiquez le nom de l'application ({Open311Keys.NameMax} caractères au plus).");
        if (!ModelState.IsValid)
        {
            Keys = await keys.ListAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var (key, secret) = keys.Issue(name!);
        audit.Record(User, AuditAction.Open311KeyIssued, $"open311:{key.Id}", name);
        await db.SaveChangesAsync(cancellationToken);
        (IssuedSecret, IssuedName, KeyName) = (secret, name, null);
        ModelState.Clear();
        Keys = await keys.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var key = await db.Open311ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
            return NotFound();
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            audit.Record(User, AuditAction.Open311KeyRevoked, $"open311:{key.Id}", key.Name);
            await db.SaveChangesAsync(cancellationToken);
        }
        RevokedName = key.Name;
        Keys = await keys.ListAsync(cancellationToken);
        return Page();
    }
}
