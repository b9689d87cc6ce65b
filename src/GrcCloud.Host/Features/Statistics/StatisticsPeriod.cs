using System.Globalization;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Http;

namespace GrcCloud.Host.Features.Statistics;

public enum PeriodKind
{
    Month,
    Quarter,
    Year,
    Custom,
}

/// <summary>
/// The period a dashboard covers, in Paris days [From, To] inclusive, read from the query string
/// (periode=mois|trimestre|annee|dates, mois=2026-03, trimestre=2026-T1, annee=2026, du/au=aaaa-mm-jj).
/// The previous period has the same length and ends the day before. Bad values give French
/// messages keyed by the input's name; the dashboard then shows the default period.
/// </summary>
public sealed record StatisticsPeriod(PeriodKind Kind, DateOnly From, DateOnly To)
{
    public const int MaxDays = 3 * 366;

    public static readonly IReadOnlyList<(PeriodKind Kind, string Slug, string Label)> Kinds =
    [
        (PeriodKind.Month, "mois", "Un mois"),
        (PeriodKind.Quarter, "trimestre", "Un trimestre"),
        (PeriodKind.Year, "annee", "Une année"),
        (PeriodKind.Custom, "dates", "Des dates choisies"),
    ];

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// What the figures are compared with: the previous month, quarter or year (a calendar unit, so
    /// March is compared with February), or as many days just before for chosen dates.
    /// </summary>
    public StatisticsPeriod Previous => Kind switch
    {
        PeriodKind.Month => new(Kind, From.AddMonths(-1), From.AddDays(-1)),
        PeriodKind.Quarter => new(Kind, From.AddMonths(-3), From.AddDays(-1)),
        PeriodKind.Year => new(Kind, From.AddYears(-1), From.AddDays(-1)),
        _ => new(Kind, From.AddDays(-Days), From.AddDays(-1)),
    };

    /// <summary>The instants the period covers: from midnight of its first day to midnight after its last, in Paris.</summary>
    public DateTimeOffset Start => ParisTime.StartOfDay(From);
    public DateTimeOffset End => ParisTime.StartOfDay(To.AddDays(1));

    public string Label => Kind switch
    {
        PeriodKind.Month => FrenchFormat.Month(From),
        PeriodKind.Quarter => $"{(From.Month - 1) / 3 + 1}{(From.Month == 1 ? "er" : "e")} trimestre {From.Year}",
        PeriodKind.Year => $"année {From.Year}",
        _ => $"du {FrenchFormat.Day(From)} au {FrenchFormat.Day(To)}",
    };

    /// <summary>The query string of this period (links to the exports keep it).</summary>
    public string Query() => Kind switch
    {
        PeriodKind.Month => $"periode=mois&mois={From:yyyy-MM}",
        PeriodKind.Quarter => $"periode=trimestre&trimestre={From.Year}-T{(From.Month - 1) / 3 + 1}",
        PeriodKind.Year => $"periode=annee&annee={From.Year}",
        _ => $"periode=dates&du={From:yyyy-MM-dd}&au={To:yyyy-MM-dd}",
    };

    public static StatisticsPeriod YearOf(int year) => new(PeriodKind.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>The current year (the default view).</summary>
    public static StatisticsPeriod Default(DateOnly today) => new(PeriodKind.Year, new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31));

    public static (StatisticsPeriod Period, IReadOnlyDictionary<string, string> Errors) Parse(IQueryCollection query, DateOnly today)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Text(string key) => query[key].FirstOrDefault() is { } v && v.Trim().Length > 0 ? v.Trim() : null;
        var fallback = Default(today);
        var kindText = Text("periode") ?? "annee";
        var kind = Kinds.Where(k => k.Slug == kindText).Select(k => (PeriodKind?)k.Kind).FirstOrDefault();
        if (kind is null)
        {
            errors["periode"] = "Choisissez une période de la liste.";
            return (fallback, errors);
        }
        StatisticsPeriod? period = kind switch
        {
            PeriodKind.Month => Month(Text("mois")),
            PeriodKind.Quarter => Quarter(Text("trimestre")),
            PeriodKind.Year => Year(Text("annee")),
            _ => Custom(Text("du"), Text("au")),
        };
        return (period ?? fallback, errors);

        StatisticsPeriod? Month(string? text)
        {
            if (text is null)
                return new(PeriodKind.Month, new DateOnly(today.Year, today.Month, 1), new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1));
            if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && InRange(first.Year))
                return new(PeriodKind.Month, first, first.AddMonths(1).AddDays(-1));
            errors["mois"] = "Le mois doit exister et s'écrire aaaa-mm (par exemple 2026-03).";
            return null;
        }

        StatisticsPeriod? Quarter(string? text)
        {
            text ??= $"{today.Year}-T{(today.Month - 1) / 3 + 1}";
            var parts = text.Split("-T");
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && InRange(year)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var q) && q is >= 1 and <= 4)
            {
                var first = new DateOnly(year, (q - 1) * 3 + 1, 1);
                return new(PeriodKind.Quarter, first, first.AddMonths(3).AddDays(-1));
            }
            errors["trimestre"] = "Le trimestre doit s'écrire aaaa-Tn, n de 1 à 4 (par exemple 2026-T1).";
            return null;
        }

        StatisticsPeriod? Year(string? text)
        {
            if (text is null)
                return fallback;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && InRange(year))
                return YearOf(year);
            errors["annee"] = "L'année doit être un nombre de quatre chiffres entre 2000 et 2100.";
            return null;
        }

        StatisticsPeriod? Custom(string? fromText, string? toText)
        {
            var from = Date(fromText, "du", "La date de début");
            var to = Date(toText, "au", "La date de fin");
            if (from is null || to is null)
                return null;
            if (to < from)
            {
                errors["au"] = "La date de fin doit suivre la date de début.";
                return null;
            }
            if (to.Value.DayNumber - from.Value.DayNumber + 1 > MaxDays)
            {
                errors["au"] = "La période ne doit pas dépasser trois ans.";
                return null;
            }
            return new(PeriodKind.Custom, from.Value, to.Value);
        }

        DateOnly? Date(string? text, string key, string label)
        {
            if (text is null)
            {
                errors[key] = $"{label} est obligatoire pour des dates choisies.";
                return null;
            }
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && InRange(d.Year))
                return d;
            errors[key] = $"{label} doit être une date qui existe, sous la forme aaaa-mm-jj (par exemple 2026-03-14).";
            return null;
        }

        static bool InRange(int year) => year is >= 2000 and <= 2100;
    }
}
