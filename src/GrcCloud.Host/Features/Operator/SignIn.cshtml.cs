using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator;

/// <summary>Operators sign in on the ops host only, with their own cookie (never valid on a town host).</summary>
public sealed class SignInModel(UserManager<OperatorAccount> operators) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
    [EmailAddress(ErrorMessage = "L'adresse électronique n'est pas valide.")]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre mot de passe.")]
    public string? Password { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();
        var account = await operators.FindByEmailAsync(Email!);
        if (account is not null && await operators.IsLockedOutAsync(account))
        {
            ModelState.AddModelError(nameof(Password), "Après plusieurs tentatives incorrectes, ce compte est verrouillé pendant quelques minutes.");
            return Page();
        }
        if (account is null || !await operators.CheckPasswordAsync(account, Password!))
        {
            if (account is not null)
                await operators.AccessFailedAsync(account);
            ModelState.AddModelError(nameof(Password), "Adresse électronique ou mot de passe incorrect.");
            return Page();
        }
        await operators.ResetAccessFailedCountAsync(account);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()), new Claim(ClaimTypes.Email, account.Email!), new Claim("grc_stamp", account.SecurityStamp ?? "")],
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
