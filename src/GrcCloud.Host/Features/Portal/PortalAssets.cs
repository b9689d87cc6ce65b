using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Portal;

public static class PortalAssets
{
    /// <summary>Served with SVG images so they cannot run script.</summary>
    private const string ImagePolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    /// <summary>The town's logo, from its own schema (so it can never be another town's).</summary>
    public static IEndpointRouteBuilder MapPortalAssets(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/logo", async (PortalCatalogue catalogue, HttpContext http, CancellationToken ct) =>
        {
            var logo = await catalogue.GetLogoAsync(ct);
            if (logo is not { } found)
                return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=3600";
            http.Response.Headers.ContentSecurityPolicy = ImagePolicy;
            return Results.File(found.Content, found.ContentType);
        }).WithMetadata(new SiteAttribute(SiteKind.Town));

        // Browsers ask for /favicon.ico whatever the page says: a town's icon is its logo, else the
        // platform's (as on the vendor console). The name stays .ico; the content type says what it is.
        routes.MapGet("/favicon.ico", async (TenantContext tenant, IServiceProvider services, IWebHostEnvironment environment, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=86400";
            http.Response.Headers.ContentSecurityPolicy = ImagePolicy;
            if (tenant.Tenant is not null && await services.GetRequiredService<PortalCatalogue>().GetLogoAsync(ct) is { } logo)
                return Results.File(logo.Content, logo.ContentType);
            return Results.File(environment.WebRootFileProvider.GetFileInfo(PlatformIcon).CreateReadStream(), "image/svg+xml");
        }).WithMetadata(new AnySiteAttribute()); // the town's icon, or the platform's on the vendor console

        return routes;
    }

    /// <summary>The platform's own icon (wwwroot), for towns without a logo and the vendor console.</summary>
    public const string PlatformIcon = "img/grccloud-icon.svg";
}
