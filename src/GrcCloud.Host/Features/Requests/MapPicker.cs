using System.Text.Json;
using GrcCloud.Tenancy;
using Microsoft.Extensions.Caching.Memory;

namespace GrcCloud.Host.Features.Requests;

/// <summary>Where map tiles come from (section GrcCloud:Maps); the pages' CSP allows images from that origin only.</summary>
public sealed class MapOptions
{
    public const string Section = "GrcCloud:Maps";
    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public string Attribution { get; set; } = "© contributeurs OpenStreetMap";

    public string TileOrigin => new Uri(TileUrl.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)).GetLeftPart(UriPartial.Authority);

    public static MapOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<MapOptions>() ?? new MapOptions();
}

/// <summary>
/// <c>GET /api/v1/adresses/centre</c>: the centre of the town's commune from the Base Adresse Nationale,
/// where the map picker opens. Kept per town in memory (it does not move); 204 when unreachable, and
/// the map then opens on France.
/// </summary>
public static class MapPicker
{
    public static IEndpointRouteBuilder MapTownCentre(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/adresses/centre", CentreAsync).WithMetadata(new SiteAttribute(SiteKind.Town));
        return routes;
    }

    private static async Task<IResult> CentreAsync(TenantContext tenant, IHttpClientFactory clients, IMemoryCache cache, CancellationToken cancellationToken)
    {
        var town = tenant.Required;
        var key = $"town-centre:{town.Id}";
        if (cache.TryGetValue(key, out double[]? known) && known is not null)
            return Results.Ok(new { lat = known[0], lon = known[1] });
        try
        {
            var client = clients.CreateClient(AddressSuggestions.HttpClientName);
            var url = $"search/?q={Uri.EscapeDataString(town.Name)}&type=municipality&citycode={Uri.EscapeDataString(town.InseeCode)}&limit=1";
            using var response = await client.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return Results.NoContent();
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var point = json.RootElement.GetProperty("features").EnumerateArray().FirstOrDefault();
            if (point.ValueKind != JsonValueKind.Object)
                return Results.NoContent();
            var coordinates = point.GetProperty("geometry").GetProperty("coordinates");
            double[] centre = [coordinates[1].GetDouble(), coordinates[0].GetDouble()];
            cache.Set(key, centre, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(1) });
            return Results.Ok(new { lat = centre[0], lon = centre[1] });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return Results.NoContent();
        }
    }
}
