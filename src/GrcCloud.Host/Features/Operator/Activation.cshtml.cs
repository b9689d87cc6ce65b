using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Operator;

/// <summary>
/// The one-time set-up link printed by `grccloud operators create`: the operator chooses a password and
/// enrols an authenticator (TOTP is required for operators); the account is usable once a code is verified.
/// </summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
[AccountForm]
public sealed class ActivationModel(UserManager<OperatorAccount> operators, IUserStore<OperatorAccount> store, OperatorAudit audit) : PageModel
{
    private const string LinkInvalid = "Ce lien n'est plus valable : il a expiré ou a déjà servi.";

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

    [BindProperty]
    [Required(ErrorMessage = "Saisissez le code affiché par votre application.")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "Le code compte 6 chiffres.")]
    public string? AuthenticatorCode { get; set; }

    public bool LinkValid { get; private set; }
    public string FormattedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public string QrCode { get; private set; } = "";
    /// <summary>Shown once, right after the activation.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await LoadAsync();
        if (account is null)
        {
            ModelState.AddModelError(string.Empty, LinkInvalid);
            return Page();
        }
        if (!ModelState.IsValid)
            return Page();
        var code = AuthenticatorCode!.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (!await operators.VerifyTwoFactorTokenAsync(account, operators.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(AuthenticatorCode), "Ce code n'est pas valable. Vérifiez l'heure de votre téléphone et réessayez.");
            return Page();
        }
        var result = await operators.ResetPasswordAsync(account, Code!, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : nameof(Password), error.Code == "InvalidToken" ? LinkInvalid : error.Description);
            return Page();
        }
        await operators.SetTwoFactorEnabledAsync(account, true);
        RecoveryCodes = [.. await operators.GenerateNewTwoFactorRecoveryCodesAsync(account, 10) ?? []];
        await audit.RecordAsync(OperatorActions.Activation, account.Id, account.Email!, null, "Mot de passe et application d'authentification enregistrés");
        return Page();
    }

    /// <summary>The account, if the link is still valid; its authenticator key created on first use.</summary>
    private async Task<OperatorAccount?> LoadAsync()
    {
        var account = Code is null ? null : await operators.FindByIdAsync(Operateur.ToString());
        if (account is null || !await operators.VerifyUserTokenAsync(account, operators.Options.Tokens.PasswordResetTokenProvider, UserManager<OperatorAccount>.ResetPasswordTokenPurpose, Code!))
            return null;
        var key = await operators.GetAuthenticatorKeyAsync(account);
        if (string.IsNullOrEmpty(key))
        {
            // Through the store: ResetAuthenticatorKeyAsync would renew the security stamp, and so void this link.
            key = operators.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<OperatorAccount>)store).SetAuthenticatorKeyAsync(account, key, HttpContext.RequestAborted);
            await operators.UpdateAsync(account);
        }
        LinkValid = true;
        FormattedKey = AuthenticatorKey.Format(key);
        AuthenticatorUri = AuthenticatorKey.Uri(Request.Host.Host, account.Email!, key);
        QrCode = AuthenticatorKey.QrCodeDataUri(AuthenticatorUri);
        return account;
    }
}
