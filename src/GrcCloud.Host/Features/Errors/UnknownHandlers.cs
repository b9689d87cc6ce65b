using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GrcCloud.Host.Features.Errors;

/// <summary>
/// Razor Pages renders a page when no handler matches the request (<c>?handler=Inconnu</c>, TRACE, a
/// POST to a page without OnPost), skipping OnGet, so the view meets a model it never filled; and it
/// runs the unnamed OnPost for a handler name it does not know. Such a request is refused instead:
/// 404 for a handler the page does not have, 405 for a method it does not offer.
/// </summary>
public sealed class UnknownHandlers : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        var named = context.RouteData.Values["handler"]?.ToString() is { Length: > 0 } routed ? routed : request.Query["handler"].ToString();
        // A named handler the page lacks would otherwise fall back to the page's unnamed OnPost.
        if (named.Length > 0 && !string.Equals(context.HandlerMethod?.Name, named, StringComparison.OrdinalIgnoreCase))
            context.Result = new NotFoundResult();
        else if (context.HandlerMethod is not null)
            return next();
        else if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        else
            return next();
        return Task.CompletedTask;
    }
}
