using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.OperatorApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Tokens;

/// <summary>
/// The operators' API tokens: an operator creates and revokes his own (shown once at creation),
/// an administrator sees and revokes everyone's. Support operators read only: their tokens come
/// from an administrator on the command line (<c>grccloud operators token create</c>).
/// </summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class IndexModel(PlatformDbContext db, OperatorApiTokens tokens, TimeProvider clock) : PageModel
{
    public sealed record TokenRow(Guid Id, string Name, string OperatorEmail, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];
    public bool IsAdministrator { get; private set; }
    public bool MayChange { get; private set; }
    public DateTimeOffset Now { get; private set; }
    /// <summary>The token just created: on this response only, never again.</summary>
    public IssuedOperatorToken? Issued { get; private set; }
    public string? Revoked { get; private set; }
    public string Name { get; private set; } = "";
    public string ExpiresInDays { get; private set; } = "365";

    public async Task OnGetAsync(string? revoque)
    {
        Revoked = revoque;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? expiresInDays)
    {
        Name = name ?? "";
        ExpiresInDays = expiresInDays ?? "";
        int? days = int.TryParse(expiresInDays, out var d) ? d : null;
        ModelState.Clear();
        var errors = OperatorApiTokens.Validate(name, days);
        if (days is null)
            errors["expiresInDays"] = [$"Indiquez une durée de validité en jours, entre 1 et {OperatorApiTokens.MaxLifetimeDays}."];
        var account = await CurrentAccountAsync();
        if (account is null)
            return Forbid();
        foreach (var (field, messages) in errors)
            ModelState.AddModelError(field, messages[0]);
        if (ModelState.IsValid)
        {
            Issued = await tokens.CreateAsync(account, name!, days, new OperatorActor(account.Id, account.Email ?? ""), HttpContext.RequestAborted);
            Name = "";
            ExpiresInDays = "365";
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        await LoadAsync();
        var token = Tokens.FirstOrDefault(t => t.Id == id);
        if (token is null)
            return NotFound(); // someone else's token is not even listed for a non-administrator
        await tokens.RevokeAsync(id, new OperatorActor(OperatorAccess.Id(User), OperatorAccess.Email(User)), HttpContext.RequestAborted);
        return RedirectToPage(new { revoque = token.Name });
    }

    public static string State(TokenRow token, DateTimeOffset now) =>
        token.RevokedAt is not null ? "Révoqué" : token.ExpiresAt is { } expires && expires <= now ? "Expiré" : "Actif";

    private async Task<OperatorAccount?> CurrentAccountAsync()
    {
        var id = OperatorAccess.Id(User);
        return id is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, HttpContext.RequestAborted);
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        IsAdministrator = OperatorAccess.IsAdministrator(User);
        MayChange = OperatorAccess.MayChange(User);
        var me = OperatorAccess.Id(User);
        Tokens = await (from t in db.OperatorApiTokens.AsNoTracking()
                        join o in db.Users.AsNoTracking() on t.OperatorId equals o.Id
                        where IsAdministrator || t.OperatorId == me
                        orderby t.CreatedAt descending
                        select new TokenRow(t.Id, t.Name, o.Email ?? "", t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(HttpContext.RequestAborted);
    }
}
