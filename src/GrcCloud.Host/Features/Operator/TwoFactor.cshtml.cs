using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Operator;

/// <summary>Second step of an operator's sign-in: the authenticator's code (or a recovery code); only then the console's cookie.</summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
[AccountForm]
public sealed class TwoFactorModel(UserManager<OperatorAccount> operators, OperatorAudit audit) : PageModel
{
    private const string CodeRefused = "Ce code n'est pas valable. Vérifiez l'heure de votre téléphone et réessayez.";

    [BindProperty]
    [Required(ErrorMessage = "Saisissez le code.")]
    [StringLength(20, ErrorMessage = "Saisissez le code à 6 chiffres ou un code de secours.")]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync() => await PendingAsync() is null ? RedirectToPage("/Operator/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await PendingAsync();
        if (account is null)
            return RedirectToPage("/Operator/SignIn");
        if (!ModelState.IsValid)
            return Page();
        if (await operators.IsLockedOutAsync(account))
        {
            ModelState.AddModelError(nameof(Code), "Trop de codes incorrects : le compte est verrouillé pendant 15 minutes.");
            return Page();
        }
        var code = Code!.Replace(" ", "", StringComparison.Ordinal).Trim();
        // Six digits: the app's code; anything longer: a recovery code, good once.
        var valid = code.Length == 6
            ? await operators.VerifyTwoFactorTokenAsync(account, operators.Options.Tokens.AuthenticatorTokenProvider, code)
            : (await operators.RedeemTwoFactorRecoveryCodeAsync(account, code)).Succeeded;
        if (!valid)
        {
            await operators.AccessFailedAsync(account);
            await audit.RecordAsync(OperatorActions.SignInFailed, account.Id, account.Email!, null, "Code de double authentification refusé");
            ModelState.AddModelError(nameof(Code), CodeRefused);
            return Page();
        }
        await operators.ResetAccessFailedCountAsync(account);
        await HttpContext.SignOutAsync(IdentitySetup.OperatorTwoFactorScheme);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
                new Claim(ClaimTypes.Email, account.Email!),
                new Claim(ClaimTypes.Role, account.Role),
                new Claim(OperatorCookieValidation.StampClaim, account.SecurityStamp ?? ""),
            ],
            IdentitySetup.OperatorScheme);
        await HttpContext.SignInAsync(IdentitySetup.OperatorScheme, new ClaimsPrincipal(identity));
        await audit.RecordAsync(OperatorActions.SignIn, account.Id, account.Email!, null, code.Length == 6 ? null : "Avec un code de secours");
        return Redirect("/");
    }

    private async Task<OperatorAccount?> PendingAsync()
    {
        var pending = await HttpContext.AuthenticateAsync(IdentitySetup.OperatorTwoFactorScheme);
        var id = pending.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return id is null ? null : await operators.FindByIdAsync(id);
    }
}
