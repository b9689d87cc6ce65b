namespace GrcCloud.Host.Infrastructure;

/// <summary>
/// PostgreSQL can neither store nor search a NUL character: a query string carrying one (<c>%00</c>) is
/// refused (400) before any page or API sees it. Kestrel refuses it in the path, the form reader in an
/// url-encoded body, and <see cref="Features.Errors.PageRequestGuard"/> in a multipart one.
/// </summary>
public static class NulCharacters
{
    public static IApplicationBuilder UseNulRefusal(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) != true)
            return next(context);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Task.CompletedTask;
    });
}
