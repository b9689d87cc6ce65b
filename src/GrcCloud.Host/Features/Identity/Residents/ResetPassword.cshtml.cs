using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Identity.Residents;

[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class ResetPasswordModel(UserManager<TownUser> users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Utilisateur { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choisissez un mot de passe.")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "Le mot de passe doit compter au moins 12 caractères.")]
    public string? Password { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Confirmez le mot de passe.")]
    [Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
    public string? ConfirmPassword { get; set; }

    public bool Done { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();
        var user = await users.FindByIdAsync(Utilisateur.ToString());
        var result = user is null || Code is null
            ? IdentityResult.Failed(new FrenchIdentityErrors().InvalidToken())
            : await users.ResetPasswordAsync(user, Code, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? string.Empty : "Password", error.Description);
            return Page();
        }
        await users.SetLockoutEndDateAsync(user!, null);
        await users.ResetAccessFailedCountAsync(user!);
        Done = true;
        return Page();
    }
}
