using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Identity.Residents;

public sealed class SignInModel(SignInManager<TownUser> signIn, FranceConnectAvailability franceConnect) : PageModel
{
    public const string Failed = "Adresse électronique ou mot de passe incorrect.";

    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? ReturnUrl { get; set; }

    public bool ShowResend { get; private set; }

    /// <summary>Why a visitor sent here from a page that needs an account must sign in (null when they came on their own).</summary>
    public string? Reason => !ReturnUrls.IsLocal(ReturnUrl) ? null
        : ReturnUrl!.StartsWith("/demarches/", StringComparison.Ordinal) ? "Pour faire cette démarche, connectez-vous ou créez un compte : vous pourrez ensuite suivre votre demande dans « Mes demandes »."
        : ReturnUrl.StartsWith("/mes-demandes", StringComparison.Ordinal) ? "Pour suivre vos demandes, connectez-vous avec le compte qui les a envoyées."
        : "Cette page est réservée aux personnes connectées : connectez-vous ou créez un compte.";

    public FranceConnectButtonModel FranceConnect { get; private set; } = null!;

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
        [EmailAddress(ErrorMessage = "L'adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).")]
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

        var user = await signIn.UserManager.FindByEmailAsync(Input.Email!);
        if (user is null || user.Kind != UserKind.Resident)
        {
            ModelState.AddModelError("Input.Password", Failed);
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            user.LastSignInAt = DateTimeOffset.UtcNow;
            await signIn.UserManager.UpdateAsync(user);
            return LocalRedirect(ReturnUrls.Safe(ReturnUrl, "/mon-compte"));
        }
        if (result.IsLockedOut)
            ModelState.AddModelError("Input.Password", "Après plusieurs tentatives incorrectes, ce compte est verrouillé pendant 15 minutes. Vous pouvez aussi réinitialiser votre mot de passe.");
        else if (result.IsNotAllowed)
        {
            ModelState.AddModelError("Input.Email", "Votre adresse électronique n'est pas encore confirmée : suivez le lien reçu par courriel.");
            ShowResend = true;
        }
        else
            ModelState.AddModelError("Input.Password", Failed);
        return Page();
    }
}
