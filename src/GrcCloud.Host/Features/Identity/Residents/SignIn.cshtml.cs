using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Identity.Residents;

[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class SignInModel(SignInManager<TownUser> signIn, FranceConnectAvailability franceConnect) : PageModel
{

    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? ReturnUrl { get; set; }

    public bool Refused { get; private set; }

    /// <summary>Why a visitor sent here from a page that needs an account must sign in (null when they came on their own).</summary>
    public string? Reason => !ReturnUrls.IsLocal(ReturnUrl) ? null
        : ReturnUrl!.StartsWith("/demarches/", StringComparison.Ordinal) ? "Pour faire cette démarche, connectez-vous ou créez un compte : vous pourrez ensuite suivre votre demande dans « Mes demandes »."
        : ReturnUrl.StartsWith("/mes-demandes", StringComparison.Ordinal) ? "Pour suivre vos demandes, connectez-vous avec le compte qui les a envoyées."
        : "Cette page est réservée aux personnes connectées : connectez-vous ou créez un compte.";

    public FranceConnectButtonModel FranceConnect { get; private set; } = null!;

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
        [ValidEmail]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Indiquez votre mot de passe.")]
        public string? Password { get; set; }
    }

    public async Task OnGetAsync() => FranceConnect = await franceConnect.ButtonAsync("S'identifier avec FranceConnect", ReturnUrl);

    public async Task<IActionResult> OnPostAsync()
    {
        FranceConnect = await franceConnect.ButtonAsync("S'identifier avec FranceConnect", ReturnUrl);
        if (!ModelState.IsValid)
            return Page();

        if ((await PasswordSignIn.TryAsync(signIn, UserKind.Resident, Input.Email!, Input.Password!)).Succeeded)
            return LocalRedirect(ReturnUrls.Safe(ReturnUrl, "/mon-compte"));
        // No account, a wrong password, a locked account or an unconfirmed address: one answer.
        ModelState.AddModelError("Input.Password", PasswordSignIn.ResidentRefused);
        Refused = true;
        return Page();
    }
}
