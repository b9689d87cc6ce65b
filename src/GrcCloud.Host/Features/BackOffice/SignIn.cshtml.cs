using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.BackOffice;

[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class SignInModel(SignInManager<TownUser> signIn) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? ReturnUrl { get; set; }

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
        [ValidEmail]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Indiquez votre mot de passe.")]
        public string? Password { get; set; }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();
        var result = await PasswordSignIn.TryAsync(signIn, UserKind.Agent, Input.Email!, Input.Password!);
        if (result.RequiresTwoFactor)
            return RedirectToPage("/BackOffice/TwoFactor", new { retour = ReturnUrl });
        if (result.Succeeded)
            return LocalRedirect(ReturnUrls.Safe(ReturnUrl, "/agents"));
        // No account, a wrong password or a locked account: one answer.
        ModelState.AddModelError("Input.Password", PasswordSignIn.Refused);
        return Page();
    }
}
