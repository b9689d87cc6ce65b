using System.Globalization;

namespace GrcCloud.Host.Features.Billing;

/// <summary>Amounts in euro cents, written and read the French way ("5 500,00 €").</summary>
public static class Money
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>"5 500,00 €" with a non-breaking space before the sign.</summary>
    public static string Format(long cents) => (cents / 100m).ToString("N2", French) + "\u00a0€";

    /// <summary>The amount typed, for a form field: "5 500,00".</summary>
    public static string Input(long cents) => (cents / 100m).ToString("N2", French);

    /// <summary>Reads "5 500,00", "5500.00", "5 500 €"; null when it is not an amount of 0 to 10 million euros with at most 2 decimals.</summary>
    public static long? ParseCents(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 30)
            return null;
        var cleaned = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '€' && c != '\u202f' && c != '\u00a0').ToArray()).Replace(',', '.');
        if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros) || euros < 0 || euros > 10_000_000m)
            return null;
        var cents = euros * 100m;
        return cents == decimal.Truncate(cents) ? (long)cents : null;
    }

    /// <summary>The amount excluding VAT whose amount including VAT (rounded as Stripe does) is <paramref name="includingVatCents"/>, if one exists.</summary>
    public static long? ExcludingVat(long includingVatCents, decimal vatPercent)
    {
        var estimate = (long)Math.Round(includingVatCents * 100m / (100m + vatPercent), MidpointRounding.AwayFromZero);
        foreach (var candidate in new[] { estimate, estimate - 1, estimate + 1 })
            if (candidate >= 0 && IncludingVat(candidate, vatPercent) == includingVatCents)
                return candidate;
        return null;
    }

    public static long IncludingVat(long excludingVatCents, decimal vatPercent) =>
        excludingVatCents + (long)Math.Round(excludingVatCents * vatPercent / 100m, MidpointRounding.AwayFromZero);

    public static string Date(DateTimeOffset? at) => at is { } value ? GrcCloud.Host.Features.Shared.ParisTime.Local(value).ToString("d MMMM yyyy", French) : "—";

}
