using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace GrcCloud.Host.Features.Integrations;

/// <summary>
/// The town's authorization and token endpoints (OpenIddict passes the validated requests through
/// to here), and <c>GET /api/v1/moi</c>, the smallest API a token opens.
/// </summary>
public static class AuthorizationEndpoints
{
    public static IEndpointRouteBuilder MapTownAuthorizationServer(this IEndpointRouteBuilder routes)
    {
        var town = new SiteAttribute(SiteKind.Town);
        routes.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).WithMetadata(town).DisableAntiforgery();
        // Client secrets are guessed here as passwords are on the sign-in form.
        routes.MapPost("/connect/token", TokenAsync).WithMetadata(town).DisableAntiforgery().RequireRateLimiting(IdentitySetup.AccountFormsLimit);
        routes.MapGet("/api/v1/moi", Me).WithMetadata(town).RequireAuthorization(AuthorizationServerSetup.TownTokenPolicy);
        return routes;
    }

    /// <summary>Authorization code flow (with PKCE): the person signs in on the town's portal, then the code goes back to the application.</summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<TownUser> users, TenantContext tenant)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Requête OpenID Connect absente.");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded || await users.GetUserAsync(session.Principal) is not { } user)
            return Results.Challenge(new AuthenticationProperties(), [IdentityConstants.ApplicationScheme]);

        var identity = TownIdentity(tenant.Required, user.Id.ToString(), user.DisplayName);
        identity.SetClaim(TownClaims.Kind, user.Kind == UserKind.Agent ? "agent" : "resident");
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, IOpenIddictApplicationManager applications, TenantContext tenant)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Requête OpenID Connect absente.");
        if (request.IsClientCredentialsGrantType())
        {
            // The client is authenticated by OpenIddict against this town's own applications.
            var application = await applications.FindByClientIdAsync(request.ClientId!) ?? throw new InvalidOperationException("Client introuvable.");
            var identity = TownIdentity(tenant.Required, request.ClientId!, await applications.GetDisplayNameAsync(application) ?? request.ClientId!);
            // Without a scope parameter, the client gets every scope the supervisor granted it (OpenIddict has checked any asked for).
            var scopes = request.GetScopes();
            if (scopes.IsEmpty)
                scopes = [.. (await applications.GetPermissionsAsync(application)).Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                    .Select(p => p[Permissions.Prefixes.Scope.Length..])];
            identity.SetScopes(scopes);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        if (request.IsAuthorizationCodeGrantType())
        {
            var principal = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            if (principal?.GetClaim(AuthorizationServerSetup.TenantClaim) != tenant.Required.Id.ToString())
                return Forbid(OpenIddictConstants.Errors.InvalidGrant, "Ce code n'a pas été délivré par cette commune.");
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        return Forbid(OpenIddictConstants.Errors.UnsupportedGrantType, "Type d'autorisation non pris en charge.");
    }

    private static IResult Me(ClaimsPrincipal user, TenantContext tenant) => Results.Ok(new
    {
        town = tenant.Required.Slug,
        subject = user.FindFirst(Claims.Subject)?.Value,
        name = user.FindFirst(Claims.Name)?.Value,
        client = user.FindFirst(Claims.ClientId)?.Value ?? user.FindFirst(Claims.AuthorizedParty)?.Value,
    });

    private static ClaimsIdentity TownIdentity(TenantInfo town, string subject, string name)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetClaim(Claims.Name, name);
        identity.SetClaim(AuthorizationServerSetup.TenantClaim, town.Id.ToString());
        return identity;
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
