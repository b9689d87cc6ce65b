using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Notifications;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Identity.Residents;

[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class SignUpModel(UserManager<TownUser> users, AccountMails mails, FranceConnectAvailability franceConnect, TimeProvider clock) : PageModel
{
    [BindProperty]
    public SignUpInput Input { get; set; } = new();

    public FranceConnectButtonModel FranceConnect { get; private set; } = null!;

    public sealed class SignUpInput
    {
        [Required(ErrorMessage = "Indiquez votre prénom.")]
        [StringLength(100, ErrorMessage = "Le prénom compte 100 caractères au plus.")]
        public string? GivenName { get; set; }

        [Required(ErrorMessage = "Indiquez votre nom.")]
        [StringLength(100, ErrorMessage = "Le nom compte 100 caractères au plus.")]
        public string? FamilyName { get; set; }

        [Required(ErrorMessage = "Indiquez votre adresse électronique.")]
        [ValidEmail]
        [StringLength(EmailAddresses.MaxLength, ErrorMessage = "L'adresse électronique est trop longue.")]
        public string? Email { get; set; }

        [PhoneNumber]
        public string? Phone { get; set; }

        [Required(ErrorMessage = "Choisissez un mot de passe.")]
        [StringLength(200, MinimumLength = 12, ErrorMessage = "Le mot de passe doit compter au moins 12 caractères.")]
        public string? Password { get; set; }

        [Required(ErrorMessage = "Confirmez le mot de passe.")]
        [Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
        public string? ConfirmPassword { get; set; }
    }

    public async Task OnGetAsync() => FranceConnect = await franceConnect.ButtonAsync("Créer un compte avec FranceConnect");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        FranceConnect = await franceConnect.ButtonAsync("Créer un compte avec FranceConnect");
        if (!ModelState.IsValid)
            return Page();

        var email = Input.Email!.Trim();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            // The same page as for a new address, after as long (a password hashed): only the mailbox learns the account exists.
            PasswordSignIn.SpendPasswordCheck(users, Input.Password!);
            await mails.SendAlreadyRegisteredAsync(existing, cancellationToken);
            return RedirectToPage("/Identity/Residents/CheckEmail", new { adresse = email });
        }
        var user = new TownUser
        {
            Id = Guid.CreateVersion7(),
            Kind = UserKind.Resident,
            UserName = email,
            Email = email,
            GivenName = Input.GivenName!.Trim(),
            FamilyName = Input.FamilyName!.Trim(),
            PhoneNumber = string.IsNullOrWhiteSpace(Input.Phone) ? null : Input.Phone.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, Input.Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            return Page();
        }
        await mails.SendConfirmationAsync(user, cancellationToken);
        return RedirectToPage("/Identity/Residents/CheckEmail", new { adresse = email });
    }
}
