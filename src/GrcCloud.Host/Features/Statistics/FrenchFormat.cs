using System.Globalization;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>Numbers, shares and months as a French reader writes them: 12 345 (narrow no-break space), 2,5 j, 87 %, janvier 2026.</summary>
public static class FrenchFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    public static string Count(long n) => n.ToString("N0", Culture);

    /// <summary>A delay in days with one decimal ("2,5 j"); a dash when there is none.</summary>
    public static string Days(double? days) => days is { } d ? Round(d, 1).ToString("N1", Culture) + "\u00A0j" : "–";

    /// <summary>School rounding (1,25 gives 1,3): number formatting alone would round half to even.</summary>
    public static double Round(double value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    public static string Share(double? share) => share is { } s ? Round(s * 100, 0).ToString("N0", Culture) + "\u00A0%" : "–";

    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", Culture);

    public static string ShortMonth(DateOnly month) => month.ToString("MMM yy", Culture);

    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", Culture);

    /// <summary>The change against the previous period, in words that do not rely on colour: "+12 %", "−3 %", "=".</summary>
    public static string Change(double current, double previous)
    {
        if (previous == 0)
            return current == 0 ? "=" : "nouveau";
        var change = (current - previous) / previous;
        if (Math.Abs(change) < 0.005)
            return "=";
        return (change > 0 ? "+" : "−") + Math.Abs(change * 100).ToString("N0", Culture) + "\u00A0%";
    }

    /// <summary>For CSV: decimal comma, no thousands separator (a spreadsheet reads it as a number).</summary>
    public static string CsvNumber(double? value, int decimals = 1) =>
        value is { } v ? Round(v, decimals).ToString("0." + new string('#', decimals), Culture) : "";
}
