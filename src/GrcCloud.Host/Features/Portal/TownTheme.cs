using System.Globalization;
using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Portal;

/// <summary>
/// The town's colours as a small stylesheet, so pages carry no inline style (strict CSP). The primary
/// colour is darkened when it is too light for its text (provisioning refuses such a colour; this keeps
/// a colour stored otherwise from making the portal unreadable).
/// </summary>
public static class TownTheme
{
    public static IEndpointRouteBuilder MapTownTheme(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/theme.css", async (PortalCatalogue portal, HttpContext http, CancellationToken ct) =>
        {
            var town = await portal.GetTownAsync(ct);
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Text(string.Create(CultureInfo.InvariantCulture,
                $":root{{--town-primary:{TownColors.Readable(town.PrimaryColor)};--town-accent:{town.AccentColor}}}"), "text/css");
        }).WithMetadata(new SiteAttribute(SiteKind.Town));
        return routes;
    }
}
