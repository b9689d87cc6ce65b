using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.BackOffice;

public sealed class SignInModel(SignInManager<TownUser> signIn) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? ReturnUrl { get; set; }

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
        [EmailAddress(ErrorMessage = "L'adresse électronique n'est pas valide.")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Indiquez votre mot de passe.")]
        public string? Password { get; set; }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();
        var user = await signIn.UserManager.FindByEmailAsync(Input.Email!);
        if (user is null || user.Kind != UserKind.Agent)
        {
            ModelState.AddModelError("Input.Password", "Adresse électronique ou mot de passe incorrect.");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
            return RedirectToPage("/BackOffice/TwoFactor", new { retour = ReturnUrl });
        if (result.Succeeded)
        {
            user.LastSignInAt = DateTimeOffset.UtcNow;
            await signIn.UserManager.UpdateAsync(user);
            return LocalRedirect(ReturnUrls.Safe(ReturnUrl, "/agents"));
        }
        ModelState.AddModelError("Input.Password", result.IsLockedOut
            ? "Après plusieurs tentatives incorrectes, ce compte est verrouillé pendant 15 minutes."
            : "Adresse électronique ou mot de passe incorrect.");
        return Page();
    }
}
