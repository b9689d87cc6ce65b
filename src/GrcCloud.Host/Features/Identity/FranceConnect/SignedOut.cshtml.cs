using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Identity.FranceConnect;

public sealed class SignedOutModel(FranceConnectFlow flow) : PageModel
{
    public bool StateMatches { get; private set; }

    public void OnGet(string? state)
    {
        var expected = flow.Read<FranceConnectFlowState>(Request, FranceConnectFlow.SignOutCookie);
        FranceConnectFlow.Clear(Response, FranceConnectFlow.SignOutCookie);
        StateMatches = expected is not null && state is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected.State), Encoding.UTF8.GetBytes(state));
        if (!StateMatches)
            Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
