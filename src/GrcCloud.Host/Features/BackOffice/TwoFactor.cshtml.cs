using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.BackOffice;

/// <summary>Second step of an agent's sign-in when the account has an authenticator (TOTP).</summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class TwoFactorModel(SignInManager<TownUser> signIn) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Saisissez le code.")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "Le code compte 6 chiffres.")]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/BackOffice/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code!.Replace(" ", "", StringComparison.Ordinal).Trim(), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
            return LocalRedirect(ReturnUrls.Safe(ReturnUrl, "/agents"));
        ModelState.AddModelError(nameof(Code), result.IsLockedOut
            ? "Trop de codes incorrects : le compte est verrouillé pendant 15 minutes."
            : "Ce code n'est pas valable. Vérifiez l'heure de votre téléphone et réessayez.");
        return Page();
    }
}
