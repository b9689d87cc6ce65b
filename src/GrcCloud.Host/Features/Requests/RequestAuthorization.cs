using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>What a person does with a request; checked with <see cref="IAuthorizationService"/> against a <see cref="RequestResource"/>.</summary>
public static class RequestOperations
{
    /// <summary>Open it: its page, its files (each side sees its own view).</summary>
    public static readonly OperationAuthorizationRequirement Read = new() { Name = "lire" };

    /// <summary>The agents' workflow (take, answer, close...).</summary>
    public static readonly OperationAuthorizationRequirement Act = new() { Name = "agir" };

    /// <summary>The resident writes to the service (an answer, a message).</summary>
    public static readonly OperationAuthorizationRequirement Write = new() { Name = "ecrire" };
}

/// <summary>The facts of a request its authorization depends on (loaded without the rest).</summary>
public sealed record RequestResource(Guid Id, Guid ServiceId, Guid? ResidentId)
{
    public static RequestResource Of(ServiceRequest request) => new(request.Id, request.ServiceId, request.ResidentId);
}

/// <summary>
/// Who may do what with a request, in one place:
/// <list type="bullet">
/// <item>the supervisor and the agents of its service read it; they act on it unless read-only;</item>
/// <item>an elected official reads a request whose validation was asked of them (to decide), and acts on nothing;</item>
/// <item>its resident reads it and writes to the service; a follower of the report reads it (the follower's view);</item>
/// <item>anyone else: nothing (the pages answer 403 or 404).</item>
/// </list>
/// The town is already the request's: the principal was checked against the host's town.
/// </summary>
// Every authorization of every host creates the handlers: the town's DbContext is only resolved when a
// request is the resource (on the ops host there is no town to build it for).
public sealed class RequestAuthorizationHandler(IServiceProvider services) : AuthorizationHandler<OperationAuthorizationRequirement, RequestResource>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, RequestResource resource)
    {
        var user = context.User;
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            return;
        if (await AllowsAsync(user, userId, requirement, resource))
            context.Succeed(requirement);
    }

    private async Task<bool> AllowsAsync(ClaimsPrincipal user, Guid userId, OperationAuthorizationRequirement requirement, RequestResource resource)
    {
        var db = services.GetRequiredService<TenantDbContext>();
        if (user.IsAgent())
        {
            var ofService = await RequestAccess.AgentMayOpenAsync(db, user, resource.ServiceId, CancellationToken.None);
            if (requirement == RequestOperations.Act)
                return ofService && !user.IsInRole(AgentRoles.ReadOnly);
            if (requirement == RequestOperations.Read)
                return ofService || user.IsInRole(AgentRoles.ElectedOfficial)
                    && await db.Validations.AnyAsync(v => v.RequestId == resource.Id && v.OfficialId == userId);
            return false;
        }
        if (!user.IsResident())
            return false;
        if (resource.ResidentId == userId)
            return requirement == RequestOperations.Read || requirement == RequestOperations.Write;
        return requirement == RequestOperations.Read
            && await db.RequestFollowers.AnyAsync(f => f.RequestId == resource.Id && f.ResidentId == userId);
    }
}

public static class RequestAuthorizationExtensions
{
    /// <summary>Whether <paramref name="user"/> may do <paramref name="operation"/> with <paramref name="request"/>.</summary>
    public static async Task<bool> MayAsync(this IAuthorizationService authorization, ClaimsPrincipal user, RequestResource request, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(user, request, operation)).Succeeded;
}
