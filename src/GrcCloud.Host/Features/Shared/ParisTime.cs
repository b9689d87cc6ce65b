using System.Globalization;

namespace GrcCloud.Host.Features.Shared;

/// <summary>
/// The towns live in Paris time: their days, due dates, statistics months and typed dates are Paris
/// days, whatever the server's zone. One place to look the zone up and to cross between days and instants.
/// </summary>
public static class ParisTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The zone's name as PostgreSQL knows it (<c>AT TIME ZONE</c>, <c>date_trunc</c>).</summary>
    public const string SqlZone = "Europe/Paris";

    /// <summary>The town's day now.</summary>
    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>Midnight of a Paris day, as an instant (a day starts at 00:00 even on a daylight-saving Sunday).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) => FromLocal(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// A Paris wall-clock time as an instant. A time skipped by the spring change (02:30 on the last
    /// Sunday of March) is read with the offset before it; an ambiguous autumn time as its first occurrence.
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = Zone.IsInvalidTime(local) ? Zone.GetUtcOffset(local.AddHours(-1))
            : Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max()
            : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>French spreadsheet form: 31/01/2026 23:30, Paris time.</summary>
    public static string Format(DateTimeOffset instant) => Local(instant).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}
