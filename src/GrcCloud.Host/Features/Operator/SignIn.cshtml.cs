using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Operator;

/// <summary>
/// Operators sign in on the ops host only, with their own cookie (never valid on a town host): the
/// password first, then the authenticator's code (<see cref="TwoFactorModel"/>) before any console page.
/// </summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
[AccountForm]
public sealed class SignInModel(UserManager<OperatorAccount> operators, OperatorAudit audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
    [ValidEmail]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre mot de passe.")]
    public string? Password { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();
        var account = await operators.FindByEmailAsync(Email!);
        if (account is null)
            PasswordSignIn.SpendPasswordCheck(operators, Password!);
        // No account, a locked account, a wrong password or an account without its authenticator yet: one answer.
        var locked = account is not null && await operators.IsLockedOutAsync(account);
        if (account is null || locked || !await operators.CheckPasswordAsync(account, Password!) || !await operators.GetTwoFactorEnabledAsync(account))
        {
            if (account is not null && !locked)
                await operators.AccessFailedAsync(account);
            await audit.RecordAsync(OperatorActions.SignInFailed, account?.Id, Email!, null, "Mot de passe refusé");
            ModelState.AddModelError(nameof(Password), PasswordSignIn.Refused);
            return Page();
        }
        var pending = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, account.Id.ToString())], IdentitySetup.OperatorTwoFactorScheme);
        await HttpContext.SignInAsync(IdentitySetup.OperatorTwoFactorScheme, new ClaimsPrincipal(pending));
        return RedirectToPage("/Operator/TwoFactor");
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(IdentitySetup.OperatorScheme);
        return Redirect("/");
    }
}
