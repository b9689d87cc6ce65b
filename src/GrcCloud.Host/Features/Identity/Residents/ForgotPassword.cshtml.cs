using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Identity.Residents;

[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class ForgotPasswordModel(UserManager<TownUser> users, AccountMails mails) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
    [ValidEmail]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
            return Page();
        // The same answer whether or not the account exists.
        var user = await users.FindByEmailAsync(Email!);
        if (user is { EmailConfirmed: true })
            await mails.SendPasswordResetAsync(user, cancellationToken);
        else if (user is { Kind: UserKind.Resident })
            await mails.SendConfirmationAsync(user, cancellationToken); // the sign-in page could not say the address was unconfirmed

        Sent = true;
        return Page();
    }
}
