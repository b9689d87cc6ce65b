using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Operator;

/// <summary>The one-time set-up link printed by `grccloud operators create`: the operator chooses a password.</summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class ActivationModel(UserManager<OperatorAccount> operators) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Operateur { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choisissez un mot de passe.")]
    [StringLength(200, MinimumLength = 14, ErrorMessage = "Le mot de passe doit compter au moins 14 caractères.")]
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
        var account = await operators.FindByIdAsync(Operateur.ToString());
        var result = account is null || Code is null
            ? IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = "Ce lien n'est plus valable : il a expiré ou a déjà servi." })
            : await operators.ResetPasswordAsync(account, Code, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : nameof(Password), error.Description);
            return Page();
        }
        Done = true;
        return Page();
    }
}
