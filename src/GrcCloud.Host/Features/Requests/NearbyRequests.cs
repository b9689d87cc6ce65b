using System.Globalization;
using GrcCloud.Data.Towns;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

public sealed record NearbyRequest(Guid Id, string Reference, DateTimeOffset ReceivedAt, RequestStatus Status, string? Place, int DistanceMetres);

/// <summary>
/// Open reports of the same theme within 50 m of a point: shown before a located report is sent, so
/// the resident can follow one of them instead of sending a duplicate.
/// </summary>
public sealed class NearbyRequests(TenantDbContext db)
{
    public const int RadiusMetres = 50;
    /// <summary>The most recent open reports of the theme that are looked at (a town has few open ones at once).</summary>
    private const int Scan = 500;

    public async Task<IReadOnlyList<NearbyRequest>> FindAsync(string themeSlug, double latitude, double longitude, CancellationToken cancellationToken)
    {
        var open = await db.Requests.AsNoTracking()
            .Where(r => db.Themes.Any(t => t.Id == r.ThemeId && t.Slug == themeSlug))
            .Where(RequestStates.IsOpen)
            .OrderByDescending(r => r.ReceivedAt).Take(Scan)
            .Select(r => new { r.Id, r.Reference, r.ReceivedAt, r.Status, r.Answers })
            .ToListAsync(cancellationToken);
        var nearby = new List<NearbyRequest>();
        foreach (var r in open)
        {
            if (LocationOf(r.Answers) is not var (lat, lon))
                continue;
            var distance = Metres(latitude, longitude, lat, lon);
            if (distance <= RadiusMetres)
            {
                var place = FirstValue(r.Answers.FirstOrDefault(a => a.Type is "address"))
                    ?? FirstValue(r.Answers.FirstOrDefault(a => a.Name.EndsWith(".texte", StringComparison.Ordinal)));
                nearby.Add(new NearbyRequest(r.Id, r.Reference, r.ReceivedAt, r.Status, place, (int)Math.Round(distance)));
            }
        }
        return [.. nearby.OrderBy(n => n.DistanceMetres)];
    }

    private static string? FirstValue(RequestAnswer? answer) => answer?.Values is [var first, ..] ? first : null;

    /// <summary>The point given on the map, when the report has one.</summary>
    public static (double Latitude, double Longitude)? LocationOf(IEnumerable<RequestAnswer> answers) =>
        FirstValue(answers.FirstOrDefault(a => a.Type == "location")) is { } point && TryParse(point, out var lat, out var lon) ? (lat, lon) : null;

    public static bool TryParse(string point, out double latitude, out double longitude)
    {
        latitude = longitude = 0;
        var parts = point.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out latitude)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out longitude);
    }

    /// <summary>Great-circle distance (haversine), accurate to well under a metre at these ranges.</summary>
    public static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        const double earth = 6_371_000;
        double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * earth * Math.Asin(Math.Sqrt(a));
    }
}
