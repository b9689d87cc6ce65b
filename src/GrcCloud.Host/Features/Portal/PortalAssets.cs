using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Portal;

public static class PortalAssets
{
    /// <summary>The town's logo, from its own schema (so it can never be another town's).</summary>
    public static IEndpointRouteBuilder MapPortalAssets(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/logo", async (PortalCatalogue catalogue, HttpContext http, CancellationToken ct) =>
        {
            var logo = await catalogue.GetLogoAsync(ct);
            if (logo is not { } found)
                return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=3600";
            // SVG logos are served with a strict sandbox so they cannot run script.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            return Results.File(found.Content, found.ContentType);
        }).WithMetadata(new SiteAttribute(SiteKind.Town));
        return routes;
    }
}
