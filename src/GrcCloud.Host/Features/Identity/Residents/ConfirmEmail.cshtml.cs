using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Identity.Residents;

public sealed class ConfirmEmailModel(UserManager<TownUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(Guid utilisateur, string? code)
    {
        var user = await users.FindByIdAsync(utilisateur.ToString());
        Confirmed = user is not null && code is not null && (await users.ConfirmEmailAsync(user, code)).Succeeded;
        if (!Confirmed)
            Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
