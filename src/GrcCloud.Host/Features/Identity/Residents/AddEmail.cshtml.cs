using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Identity.Residents;

/// <summary>For a FranceConnect account without an address: the person gives one, confirmed by mail.</summary>
[Authorize(Policy = IdentitySetup.ResidentPolicy)]
public sealed class AddEmailModel(UserManager<TownUser> users, AccountMails mails) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
    [EmailAddress(ErrorMessage = "L'adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).")]
    [StringLength(254, ErrorMessage = "L'adresse électronique est trop longue.")]
    public string? Email { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
            return Page();
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        if (await users.FindByEmailAsync(Email!) is { } other && other.Id != user.Id)
        {
            ModelState.AddModelError(nameof(Email), "Un compte existe déjà avec cette adresse électronique.");
            return Page();
        }
        await users.SetEmailAsync(user, Email!.Trim());
        await mails.SendConfirmationAsync(user, cancellationToken);
        return RedirectToPage("/Identity/Residents/CheckEmail", new { adresse = user.Email });
    }
}
