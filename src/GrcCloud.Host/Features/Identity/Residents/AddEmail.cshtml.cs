using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Identity.Residents;

/// <summary>For a FranceConnect account without an address: the person gives one, confirmed by mail.</summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
[Authorize(Policy = IdentitySetup.ResidentPolicy)]
public sealed class AddEmailModel(UserManager<TownUser> users, AccountMails mails) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
    [ValidEmail]
    [StringLength(EmailAddresses.MaxLength, ErrorMessage = "L'adresse électronique est trop longue.")]
    public string? Email { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
            return Page();
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        var email = Email!.Trim();
        // An address taken by another account gets the same answer: only its mailbox learns it has an account.
        if (await users.FindByEmailAsync(email) is { } other && other.Id != user.Id)
        {
            await mails.SendAlreadyRegisteredAsync(other, cancellationToken);
        }
        else
        {
            await users.SetEmailAsync(user, email);
            await mails.SendConfirmationAsync(user, cancellationToken);
        }
        return RedirectToPage("/Identity/Residents/CheckEmail", new { adresse = email });
    }
}
