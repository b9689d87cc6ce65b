using GrcCloud.Host.Features.OperatorApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace GrcCloud.Host.Features.Api;

/// <summary>Marks the endpoints of the integrators' API, whose refusals are problem details that say why.</summary>
public sealed class TownApiEndpoint;

/// <summary>
/// 401 without a valid token of this town, 403 with the missing scope named (and the bearer challenge's
/// <c>insufficient_scope</c>), as problem details in French; every other endpoint keeps the default answers.
/// </summary>
public sealed class ApiRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<TownApiEndpoint>() is null || authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var scope = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).FirstOrDefault(m => m.Contains(':', StringComparison.Ordinal));
        if (authorizeResult.Forbidden && scope is not null && context.User.Identity?.IsAuthenticated == true)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{scope}\"";
            await ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Autorisation insuffisante",
                $"Ce jeton n'a pas l'autorisation « {scope} ». Le superviseur de la commune l'accorde au client sur /agents/integrations ; demandez ensuite un nouveau jeton.");
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentification requise",
            "Présentez un jeton d'accès de cette commune (en-tête « Authorization: Bearer … »), obtenu sur /connect/token.");
    }
}
