using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Identity.FranceConnect;

/// <summary>Leaves for FranceConnect with a fresh state and nonce (64 hex characters each).</summary>
public sealed class StartModel(FranceConnectCredentialsStore store, FranceConnectClient client, FranceConnectFlow flow, TenantContext tenant, TimeProvider clock, ILogger<StartModel> logger) : PageModel
{
    public string Problem { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? retour, CancellationToken cancellationToken)
    {
        var settings = await store.FindAsync(tenant.Required.Id, cancellationToken);
        if (settings is null)
        {
            Problem = "Cette commune ne propose pas encore l'identification par FranceConnect.";
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var state = new FranceConnectFlowState(FranceConnectClient.NewRandom(), FranceConnectClient.NewRandom(), ReturnUrls.IsLocal(retour) ? retour : null, clock.GetUtcNow());
        try
        {
            var url = await client.AuthorizeUrlAsync(settings, CallbackUrl(), state.State, state.Nonce!, cancellationToken);
            flow.Write(Response, FranceConnectFlow.SignInCookie, state, TimeSpan.FromMinutes(15));
            return Redirect(url);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            logger.LogWarning(e, "FranceConnect injoignable");
            Problem = "FranceConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre adresse électronique.";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
    }

    private string CallbackUrl() => flow.ReturnUrl(HttpContext, "/connexion/franceconnect/retour");
}
