using GrcCloud.Host.Features.Portal;
using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Catalogue;

public sealed record CatalogueDto(TownDto Town, IReadOnlyList<FamilyDto> Families);
public sealed record TownDto(string Slug, string Name);
public sealed record FamilyDto(string Slug, string Title, IReadOnlyList<ThemeDto> Themes);
public sealed record ThemeDto(string Slug, string Title, ServiceDto Service, IReadOnlyList<FieldDto> Fields);
public sealed record ServiceDto(string Slug, string Name);
public sealed record FieldDto(string Name, string Label, string Type, bool Required);

/// <summary>The town's public catalogue for integrations: <c>GET /api/v1/catalogue</c> on a town host.</summary>
public static class CatalogueApi
{
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").WithMetadata(new SiteAttribute(SiteKind.Town));
        api.MapGet("/catalogue", GetCatalogueAsync);
        return routes;
    }

    private static async Task<CatalogueDto> GetCatalogueAsync(PortalCatalogue catalogue, CancellationToken cancellationToken)
    {
        var view = await catalogue.GetAsync(cancellationToken);
        return new CatalogueDto(
            new TownDto(view.Town.Slug, view.Town.Name),
            [.. view.Families.Select(f => new FamilyDto(f.Slug, f.Title,
                [.. f.Themes.Select(t => new ThemeDto(t.Slug, t.Title, new ServiceDto(t.Service.Slug, t.Service.Name),
                    [.. t.Fields.Select(x => new FieldDto(x.Name, x.Label, x.Type, x.Required))]))]))]);
    }
}
