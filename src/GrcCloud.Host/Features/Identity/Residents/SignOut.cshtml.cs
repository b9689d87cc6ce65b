using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Identity.Residents;

/// <summary>Sign-out is a POST (anti-forgery); a FranceConnect session also ends at FranceConnect.</summary>
public sealed class SignOutModel(SignInManager<TownUser> signIn, FranceConnectSignOut franceConnect) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/mon-compte") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var redirect = await franceConnect.EndSessionRedirectAsync(User, HttpContext, cancellationToken);
        await signIn.SignOutAsync();
        return redirect is null ? Page() : Redirect(redirect);
    }
}
