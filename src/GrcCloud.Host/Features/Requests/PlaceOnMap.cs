using System.Globalization;
using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// The place of a request as the read-only map shows it (partial _PlaceMap, carte.js): the point given
/// on the map and, in words, what the resident wrote of the place (its description, the nearest address),
/// which is what a screen reader reads and what remains without the script.
/// </summary>
public sealed record PlaceOnMap(double Latitude, double Longitude, string Description)
{
    public string Lat => Latitude.ToString("F6", CultureInfo.InvariantCulture);
    public string Lon => Longitude.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>Null when the resident gave no point on the map.</summary>
    public static PlaceOnMap? Of(IReadOnlyList<RequestAnswer> answers)
    {
        if (NearbyRequests.LocationOf(answers) is not { } point)
            return null;
        var words = answers.Where(IsPlaceInWords).SelectMany(a => a.Values).Where(v => v.Length > 0).ToList();
        return new PlaceOnMap(point.Latitude, point.Longitude, words.Count == 0 ? "point placé sur la carte, sans description" : string.Join(" – ", words));
    }

    /// <summary>Answers that say the place in words: the location's description, an address.</summary>
    public static bool IsPlaceInWords(RequestAnswer answer) =>
        answer.Type == "address" || answer.Name.EndsWith(".texte", StringComparison.Ordinal);
}
