using System.Security.Claims;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Integrations;
using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace GrcCloud.Host.Features.Api;

/// <summary>
/// What a client of the town may do, chosen by the supervisor for each client. <c>grc_api</c>, the first
/// scope, stays as it was (who am I, the catalogue); the requests need their own scopes.
/// </summary>
public static class ApiScopes
{
    public const string RequestsRead = "requests:read";
    public const string RequestsWrite = "requests:write";

    public static readonly IReadOnlyList<(string Scope, string Label)> Offered =
    [
        (AuthorizationServerSetup.ApiScope, "Identité du client et catalogue des démarches (grc_api)"),
        (RequestsRead, "Lire les demandes et leur historique public (requests:read)"),
        (RequestsWrite, "Créer des demandes, ajouter des notes internes et des réponses publiques (requests:write)"),
    ];

    public const string ReadPolicy = "TownApiRequestsRead";
    public const string WritePolicy = "TownApiRequestsWrite";

    public static IServiceCollection AddTownApiPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => Scoped(p, RequestsRead))
            .AddPolicy(WritePolicy, p => Scoped(p, RequestsWrite));
        return services;
    }

    private static void Scoped(AuthorizationPolicyBuilder policy, string scope) => policy
        .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .AddRequirements(new TownTokenRequirement(), new ScopeRequirement(scope));

    /// <summary>
    /// The workflow's actor for a client: it acts as a supervisor would, under the client's name, so the
    /// timeline and the audit log say which application did it.
    /// </summary>
    public static ClaimsPrincipal Actor(ClaimsPrincipal token)
    {
        var name = $"{token.FindFirstValue(OpenIddictConstants.Claims.Name) ?? "Application"} (application)";
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(TownClaims.Kind, "agent"),
            new Claim(ClaimTypes.NameIdentifier, Guid.Empty.ToString()),
            new Claim(ClaimTypes.GivenName, name),
            new Claim(ClaimTypes.Role, GrcCloud.Data.Towns.AgentRoles.Supervisor),
        ], "grc_api_client"));
    }
}

public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

public sealed class ScopeHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasScope(requirement.Scope))
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this, requirement.Scope));
        return Task.CompletedTask;
    }
}
