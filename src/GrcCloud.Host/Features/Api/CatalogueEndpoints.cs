using GrcCloud.Host.Features.Integrations;
using GrcCloud.Host.Features.OperatorApi;
using GrcCloud.Host.Features.Portal;

namespace GrcCloud.Host.Features.Api;

public sealed record ServiceRefDto(string Slug, string Name);
public sealed record ThemeFieldDto(string Name, string Label, string Type, bool Required, IReadOnlyList<string> Choices);
public sealed record ThemeDto(string Slug, string Title, string Family, string? Summary, int DueDays, ServiceRefDto Service, IReadOnlyList<ThemeFieldDto> Fields);

/// <summary>The published catalogue, read by any token of the town: <c>/themes</c>, <c>/themes/{slug}</c>, <c>/services</c>.</summary>
public static class CatalogueEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/themes", async (HttpContext http, PortalCatalogue portal) => ApiETags.Send(http, Themes(await portal.GetAsync(http.RequestAborted))))
            .RequireAuthorization(AuthorizationServerSetup.TownTokenPolicy)
            .WithSummary("Les démarches publiées, avec leur formulaire").Produces<IReadOnlyList<ThemeDto>>();
        api.MapGet("/themes/{slug}", async (string slug, HttpContext http, PortalCatalogue portal) =>
                Themes(await portal.GetAsync(http.RequestAborted)).FirstOrDefault(t => t.Slug == slug) is { } theme
                    ? ApiETags.Send(http, theme)
                    : ApiProblems.NotFound("Aucune démarche publiée sous cet identifiant."))
            .RequireAuthorization(AuthorizationServerSetup.TownTokenPolicy)
            .WithSummary("Une démarche et son formulaire").Produces<ThemeDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/services", async (HttpContext http, PortalCatalogue portal) =>
                ApiETags.Send(http, Themes(await portal.GetAsync(http.RequestAborted)).Select(t => t.Service).DistinctBy(s => s.Slug).OrderBy(s => s.Name).ToList()))
            .RequireAuthorization(AuthorizationServerSetup.TownTokenPolicy)
            .WithSummary("Les services qui reçoivent les demandes").Produces<IReadOnlyList<ServiceRefDto>>();
    }

    private static List<ThemeDto> Themes(CatalogueView catalogue) =>
    [
        .. catalogue.Families.SelectMany(f => f.Themes.Select(t => new ThemeDto(t.Slug, t.Title, f.Slug, t.Summary, t.DueDays,
            new ServiceRefDto(t.Service.Slug, t.Service.Name),
            [.. t.Fields.Select(x => new ThemeFieldDto(x.Name, x.Label, x.Type, x.Required, x.Options?.ToList() ?? []))]))),
    ];
}
