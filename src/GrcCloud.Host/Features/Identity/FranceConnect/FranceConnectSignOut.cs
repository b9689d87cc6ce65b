using System.Security.Claims;
using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Identity.FranceConnect;

/// <summary>A session opened through FranceConnect ends at FranceConnect (/session/end), with a state checked on return.</summary>
public sealed class FranceConnectSignOut(FranceConnectCredentialsStore store, FranceConnectClient client, FranceConnectFlow flow, TenantContext tenant, TimeProvider clock, ILogger<FranceConnectSignOut> logger)
{
    public async Task<string?> EndSessionRedirectAsync(ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(TownClaims.FranceConnectSession) is not { Length: > 0 } idToken || tenant.Tenant is null)
            return null;
        var settings = await store.FindAsync(tenant.Required.Id, cancellationToken);
        if (settings is null)
            return null;
        var state = FranceConnectClient.NewRandom();
        try
        {
            var url = await client.EndSessionUrlAsync(settings, idToken, state, flow.ReturnUrl(http, "/deconnexion/franceconnect/retour"), cancellationToken);
            flow.Write(http.Response, FranceConnectFlow.SignOutCookie, new FranceConnectFlowState(state, null, null, clock.GetUtcNow()), TimeSpan.FromMinutes(15));
            return url;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            // The local session still ends; FranceConnect's own session will expire on its side.
            logger.LogWarning(e, "FranceConnect injoignable pour la déconnexion");
            return null;
        }
    }
}
