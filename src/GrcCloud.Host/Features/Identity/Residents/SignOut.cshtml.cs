using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Identity.Residents;

/// <summary>Sign-out is a POST (anti-forgery); a FranceConnect session also ends at FranceConnect.</summary>
[IgnoreAntiforgeryToken] // checked below
public sealed class SignOutModel(SignInManager<TownUser> signIn, FranceConnectSignOut franceConnect, IAntiforgery antiforgery) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/mon-compte") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            // A page shown before the session ended (a password reset elsewhere) carries a token of the old
            // session: nobody is signed in any more, so say so; a forged post against a live session is refused.
            return User.Identity?.IsAuthenticated == true ? BadRequest() : Page();
        }
        var redirect = await franceConnect.EndSessionRedirectAsync(User, HttpContext, cancellationToken);
        await signIn.SignOutAsync();
        return redirect is null ? Page() : Redirect(redirect);
    }
}
