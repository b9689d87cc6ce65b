using System.Security.Claims;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GrcCloud.Host.Features.Operator;

/// <summary>Marks the account forms (sign-in, second factor, activation): posted before a session exists, or to end one.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AccountFormAttribute : Attribute;

/// <summary>
/// Support operators read only: every POST of a console page by a support session is refused with 403
/// (the French error page), whatever the handler; only the account forms are exempt.
/// </summary>
public sealed class SupportReadOnly : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method)
            && !context.ActionDescriptor.HandlerTypeInfo.IsDefined(typeof(AccountFormAttribute), inherit: false)
            && await OperatorAccess.CurrentAsync(http) is { } principal
            && !OperatorAccess.MayChange(principal))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }
        await next();
    }
}

public static class OperatorAccess
{
    /// <summary>
    /// On the ops host the request's user is the operator (second factor done), on every page and
    /// form alike: the antiforgery tokens a page issues then match the forms it posts to.
    /// </summary>
    public static IApplicationBuilder UseOperatorUser(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Features.Get<GrcCloud.Tenancy.SiteFeature>()?.Kind == GrcCloud.Tenancy.SiteKind.Operator && await CurrentAsync(http) is { } principal)
            http.User = principal;
        await next(http);
    });

    /// <summary>The signed-in operator (second factor done), or null.</summary>
    public static async Task<ClaimsPrincipal?> CurrentAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(IdentitySetup.OperatorScheme);
        return result.Succeeded ? result.Principal : null;
    }

    public static bool MayChange(ClaimsPrincipal principal) => !principal.IsInRole(OperatorRoles.Support);

    public static bool IsAdministrator(ClaimsPrincipal principal) => principal.IsInRole(OperatorRoles.Administrator);

    public static Guid? Id(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;

    public static string Email(ClaimsPrincipal principal) => principal.FindFirst(ClaimTypes.Email)?.Value ?? "";

    public static string Role(ClaimsPrincipal principal) => principal.FindFirst(ClaimTypes.Role)?.Value ?? "";
}
