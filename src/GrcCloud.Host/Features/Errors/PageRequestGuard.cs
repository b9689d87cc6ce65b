using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GrcCloud.Host.Features.Errors;

/// <summary>
/// Requests a page cannot sensibly answer are refused before its handler runs, instead of failing in it:
/// <list type="bullet">
/// <item>a handler name the page does not have (<c>?handler=Inconnu</c>): 404. Razor Pages would run the
/// unnamed OnPost instead, or render the page without OnGet, its model never filled;</item>
/// <item>a method the page does not offer (TRACE, a POST to a page without OnPost): 405;</item>
/// <item>a body that is not a form (JSON, text) sent to a handler, which reads forms only: 415;</item>
/// <item>a form value holding a NUL character, which PostgreSQL cannot store nor search: 400.</item>
/// </list>
/// </summary>
public sealed class PageRequestGuard : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (await RefusalAsync(context) is { } status)
        {
            if (status == StatusCodes.Status405MethodNotAllowed)
                context.HttpContext.Response.Headers.Allow = AllowedMethods(context);
            context.Result = new StatusCodeResult(status);
        }
        else
            await next();
    }

    /// <summary>
    /// What a 405 must list (RFC 9110): the methods of the page's handlers, and GET and HEAD, which
    /// every page answers (one without OnGet is rendered as it is).
    /// </summary>
    private static string AllowedMethods(PageHandlerExecutingContext context)
    {
        var methods = context.ActionDescriptor.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).ToHashSet();
        methods.UnionWith(["GET", "HEAD"]);
        return string.Join(", ", methods.Order(StringComparer.Ordinal));
    }

    private static async Task<int?> RefusalAsync(PageHandlerExecutingContext context)
    {
        var request = context.HttpContext.Request;
        var named = context.RouteData.Values["handler"]?.ToString() is { Length: > 0 } routed ? routed : request.Query["handler"].ToString();
        if (named.Length > 0 && !string.Equals(context.HandlerMethod?.Name, named, StringComparison.OrdinalIgnoreCase))
            return StatusCodes.Status404NotFound;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return null;
        if (context.HandlerMethod is null)
            return StatusCodes.Status405MethodNotAllowed;
        if (!request.HasFormContentType)
            return StatusCodes.Status415UnsupportedMediaType;
        var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        return form.Any(field => field.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) ? StatusCodes.Status400BadRequest : null;
    }
}
