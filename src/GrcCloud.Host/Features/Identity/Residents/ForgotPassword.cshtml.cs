using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Identity.Residents;

public sealed class ForgotPasswordModel(UserManager<TownUser> users, AccountMails mails) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
    [EmailAddress(ErrorMessage = "L'adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).")]
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
        Sent = true;
        return Page();
    }
}
