namespace GrcCloud.Data.Platform;

/// <summary>
/// What a town pays: a set-up fee on the first invoice and a price per quarter. Amounts are in euro
/// cents excluding VAT (Stripe prices use <c>tax_behavior = exclusive</c> plus a VAT rate); the amounts
/// including VAT shown to people are computed with <see cref="VatRatePercent"/>.
/// </summary>
public sealed class PlanRecord
{
    /// <summary>The reference contract's plan (Lavaur: 5,500 EUR incl. VAT set-up, 500 EUR incl. VAT per quarter).</summary>
    public static readonly Guid ReferencePlanId = new("0193a000-0000-7000-8000-000000000001");

    public Guid Id { get; set; }
    /// <summary>Stable short name used by the command line and the API (e.g. "reference").</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public long SetupFeeCents { get; set; }
    public long QuarterlyFeeCents { get; set; }
    public decimal VatRatePercent { get; set; } = 20m;
    /// <summary>Offered by default when a town is created.</summary>
    public bool IsDefault { get; set; }
    /// <summary>No longer offered to new towns; towns already on it keep it.</summary>
    public bool IsArchived { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>An amount excluding VAT with the plan's VAT, rounded to the cent as Stripe does.</summary>
    public long IncludingVat(long centsExcludingVat) =>
        centsExcludingVat + (long)Math.Round(centsExcludingVat * VatRatePercent / 100m, MidpointRounding.AwayFromZero);
}
