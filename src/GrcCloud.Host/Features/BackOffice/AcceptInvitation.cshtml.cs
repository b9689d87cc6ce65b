using System.ComponentModel.DataAnnotations;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace GrcCloud.Host.Features.BackOffice;

/// <summary>The invited agent chooses a password; the link then stops working (the security stamp changes).</summary>
[EnableRateLimiting(IdentitySetup.AccountFormsLimit)]
public sealed class AcceptInvitationModel(SignInManager<TownUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Utilisateur { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choisissez un mot de passe.")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "Le mot de passe doit compter au moins 12 caractères.")]
    public string? Password { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Confirmez le mot de passe.")]
    [Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
    public string? ConfirmPassword { get; set; }

    public bool Valid { get; private set; }
    public string? Email { get; private set; }

    public async Task OnGetAsync() => await CheckAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var agent = await CheckAsync();
        if (agent is null || !ModelState.IsValid)
            return Page();
        var users = signIn.UserManager;
        var result = await users.AddPasswordAsync(agent, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(nameof(Password), error.Description);
            return Page();
        }
        agent.EmailConfirmed = true;
        await users.UpdateSecurityStampAsync(agent);
        await users.UpdateAsync(agent);
        await signIn.SignInAsync(agent, isPersistent: false);
        return Redirect("/agents");
    }

    private async Task<TownUser?> CheckAsync()
    {
        var users = signIn.UserManager;
        var agent = await users.FindByIdAsync(Utilisateur.ToString());
        Valid = agent is { Kind: UserKind.Agent, PasswordHash: null } && Code is not null
            && await users.VerifyUserTokenAsync(agent, InvitationTokenProvider.Name, InvitationTokenProvider.Purpose, Code);
        if (!Valid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }
        Email = agent!.Email;
        return agent;
    }
}
