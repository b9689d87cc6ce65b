using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Identity.FranceConnect;

/// <summary>The owner of an existing account confirms, with its password, that FranceConnect's identity is theirs.</summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class LinkModel(FranceConnectFlow flow, SignInManager<TownUser> signIn, TimeProvider clock) : PageModel
{
    public PendingLink? Pending { get; private set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet() => Pending = flow.Read<PendingLink>(Request, FranceConnectFlow.LinkCookie);

    public async Task<IActionResult> OnPostAsync(string? refuser)
    {
        Pending = flow.Read<PendingLink>(Request, FranceConnectFlow.LinkCookie);
        if (Pending is null)
            return Page();
        if (refuser is not null)
        {
            FranceConnectFlow.Clear(Response, FranceConnectFlow.LinkCookie);
            return Redirect("/connexion");
        }
        var user = await signIn.UserManager.FindByIdAsync(Pending.UserId.ToString());
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(nameof(Password), "Ce compte est momentanément verrouillé. Réessayez dans 15 minutes.");
            return Page();
        }
        if (!await signIn.UserManager.CheckPasswordAsync(user, Password ?? ""))
        {
            await signIn.UserManager.AccessFailedAsync(user);
            ModelState.AddModelError(nameof(Password), "Le mot de passe est incorrect.");
            return Page();
        }
        FranceConnectFlow.Clear(Response, FranceConnectFlow.LinkCookie);
        FranceConnectAccounts.Apply(user, Pending.Identity, clock.GetUtcNow());
        await signIn.UserManager.ResetAccessFailedCountAsync(user);
        await signIn.UserManager.UpdateAsync(user);
        await FranceConnectAccounts.SignInAsync(signIn, user, Pending.Identity);
        return LocalRedirect(ReturnUrls.Safe(Pending.ReturnUrl, "/mon-compte"));
    }
}
