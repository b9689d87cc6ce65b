namespace GrcCloud.Host.Infrastructure;

/// <summary>
/// Security headers on every response. No inline script or style anywhere (the town's colours come
/// from /theme.css), so the policy needs no nonce and cached pages stay valid. Forms may post to the
/// platform itself and to FranceConnect (sign-out goes through it).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IConfiguration configuration)
{
    private readonly string _policy =
        $"default-src 'self'; img-src 'self' data: {GrcCloud.Host.Features.Requests.MapOptions.From(configuration).TileOrigin}; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        $"form-action 'self' {string.Join(' ', FranceConnectOrigins(configuration))}; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>The jobs dashboard (operators only) is Hangfire's own page: its scripts are files, but it sets styles inline.</summary>
    private readonly string _dashboardPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the response starts, so they survive what clears the headers on the way (the
        // exception handler does, before it writes the 500 page); an endpoint's own policy is kept.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.TryAdd("Content-Security-Policy", context.Request.Path.StartsWithSegments(GrcCloud.Host.Features.Notifications.Jobs.JobsSetup.DashboardPath)
                ? _dashboardPolicy
                : GrcCloud.Host.Features.OperatorApi.OperatorApiSetup.ReferencePolicy(context) ?? GrcCloud.Host.Features.Api.TownApiSetup.ReferencePolicy(context) ?? _policy);
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("X-Frame-Options", "DENY");
            headers.TryAdd("Referrer-Policy", "same-origin");
            headers.TryAdd("Permissions-Policy", "camera=(), microphone=(), payment=(), usb=()");
            headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static IEnumerable<string> FranceConnectOrigins(IConfiguration configuration) =>
        configuration.GetSection("GrcCloud:FranceConnect:Environments").GetChildren()
            .Select(e => e["Issuer"])
            .OfType<string>()
            .Select(issuer => new Uri(issuer).GetLeftPart(UriPartial.Authority))
            .Distinct();
}
