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

/// <summary>Operators sign in on the ops host only, with their own cookie (never valid on a town host).</summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class SignInModel(UserManager<OperatorAccount> operators) : PageModel
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
        // No account, a locked account or a wrong password: one answer.
        var locked = account is not null && await operators.IsLockedOutAsync(account);
        if (account is null || locked || !await operators.CheckPasswordAsync(account, Password!))
        {
            if (account is not null && !locked)
                await operators.AccessFailedAsync(account);
            ModelState.AddModelError(nameof(Password), PasswordSignIn.Refused);
            return Page();
        }
        await operators.ResetAccessFailedCountAsync(account);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()), new Claim(ClaimTypes.Email, account.Email!), new Claim(OperatorCookieValidation.StampClaim, account.SecurityStamp ?? "")],
            IdentitySetup.OperatorScheme);
        await HttpContext.SignInAsync(IdentitySetup.OperatorScheme, new ClaimsPrincipal(identity));
        return Redirect("/");
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(IdentitySetup.OperatorScheme);
        return Redirect("/");
    }
}
