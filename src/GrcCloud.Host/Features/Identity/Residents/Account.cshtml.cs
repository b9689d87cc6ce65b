using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Authorization;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.Identity.Residents;

[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
[Authorize(Policy = IdentitySetup.ResidentPolicy)]
public sealed class AccountModel(UserManager<TownUser> users, SignInManager<TownUser> signIn) : PageModel
{
    // Bound by the save handler only, so the delete form is not held up by the identity fields.
    public AccountInput Input { get; set; } = new();

    [BindProperty]
    public string? DeletePassword { get; set; }

    public TownUser CurrentUser { get; private set; } = null!;
    public bool HasPassword { get; private set; }
    public bool Saved { get; private set; }

    /// <summary>FranceConnect dates may have an unknown day or month ("1992-00-00"); show what is known.</summary>
    public string BirthDateText => CurrentUser.BirthDate switch
    {
        [var y1, var y2, var y3, var y4, '-', '0', '0', '-', '0', '0'] => $"{y1}{y2}{y3}{y4} (jour et mois inconnus)",
        [var y1, var y2, var y3, var y4, '-', var m1, var m2, '-', '0', '0'] => $"{m1}{m2}/{y1}{y2}{y3}{y4} (jour inconnu)",
        { Length: 10 } d => $"{d[8..10]}/{d[5..7]}/{d[..4]}",
        var other => other ?? "",
    };

    public sealed class AccountInput
    {
        [Required(ErrorMessage = "Indiquez votre prénom.")]
        [StringLength(100, ErrorMessage = "Le prénom compte 100 caractères au plus.")]
        public string? GivenName { get; set; }

        [Required(ErrorMessage = "Indiquez votre nom.")]
        [StringLength(100, ErrorMessage = "Le nom compte 100 caractères au plus.")]
        public string? FamilyName { get; set; }

        [PhoneNumber]
        public string? Phone { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
            return Challenge();
        Input = new AccountInput { GivenName = CurrentUser.GivenName, FamilyName = CurrentUser.FamilyName, Phone = CurrentUser.PhoneNumber };
        Saved = Request.Query.ContainsKey("enregistre");
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync([Bind(Prefix = "Input")] AccountInput input)
    {
        if (!await LoadAsync())
            return Challenge();
        Input = input;
        if (!ModelState.IsValid)
            return Page();
        CurrentUser.GivenName = Input.GivenName!.Trim();
        CurrentUser.FamilyName = Input.FamilyName!.Trim();
        CurrentUser.PhoneNumber = string.IsNullOrWhiteSpace(Input.Phone) ? null : Input.Phone.Trim();
        await users.UpdateAsync(CurrentUser);
        return Redirect("/mon-compte?enregistre=1");
    }

    public async Task<IActionResult> OnPostDeleteAsync(bool confirmDelete)
    {
        if (!await LoadAsync())
            return Challenge();
        Input = new AccountInput { GivenName = CurrentUser.GivenName, FamilyName = CurrentUser.FamilyName, Phone = CurrentUser.PhoneNumber };
        if (!confirmDelete)
            ModelState.AddModelError("confirmDelete", "Cochez la case pour confirmer la suppression.");
        if (HasPassword && !await users.CheckPasswordAsync(CurrentUser, DeletePassword ?? ""))
            ModelState.AddModelError(nameof(DeletePassword), "Le mot de passe est incorrect.");
        if (!ModelState.IsValid)
            return Page();
        await users.DeleteAsync(CurrentUser);
        await signIn.SignOutAsync();
        return RedirectToPage("/Identity/Residents/AccountDeleted");
    }

    private async Task<bool> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return false;
        CurrentUser = user;
        HasPassword = await users.HasPasswordAsync(user);
        return true;
    }
}
