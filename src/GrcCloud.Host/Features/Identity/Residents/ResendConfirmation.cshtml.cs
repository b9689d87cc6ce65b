using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Identity.Residents;

[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class ResendConfirmationModel(UserManager<TownUser> users, AccountMails mails) : PageModel
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
        // Same answer whether or not the account exists: the page must not reveal who has one.
        var user = await users.FindByEmailAsync(Email!);
        if (user is { Kind: UserKind.Resident, EmailConfirmed: false })
            await mails.SendConfirmationAsync(user, cancellationToken);
        Sent = true;
        return Page();
    }
}
