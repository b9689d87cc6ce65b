using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrcCloud.Data.Platform.Billing;

/// <summary>Where a town stands with its invoices (derived, see the host's BillingStates).</summary>
public enum BillingState
{
    /// <summary>No subscription yet.</summary>
    NotBilled,
    Active,
    /// <summary>An invoice is open past its due date.</summary>
    PaymentLate,
    /// <summary>Late for longer than the grace period: the town is suspended for non-payment.</summary>
    Suspended,
}

/// <summary>A town's billing (<c>platform.town_billing</c>): its Stripe ids, its billing state and the dates that state hangs on.</summary>
public sealed class TownBilling
{
    public Guid TenantId { get; set; }
    /// <summary>The address invoices are sent to (the town hall's finance office).</summary>
    public string? BillingEmail { get; set; }
    /// <summary>The plan the subscription was made with.</summary>
    public Guid? PlanId { get; set; }
    public string? StripeCustomerId { get; set; }
    /// <summary>Stripe test clock of the customer (simulator and test mode only, GrcCloud:Stripe:UseTestClocks).</summary>
    public string? StripeTestClockId { get; set; }
    public string? StripeSubscriptionId { get; set; }
    public BillingState State { get; set; }
    public DateTimeOffset StateSince { get; set; }
    /// <summary>Due date of the oldest invoice still unpaid past its due date; null when none is.</summary>
    public DateTimeOffset? LateSince { get; set; }
    /// <summary>When the operators were warned of the coming suspension for the current late episode.</summary>
    public DateTimeOffset? SuspensionWarnedAt { get; set; }
    /// <summary>True only when billing itself suspended the town: payment resumes only such a town.</summary>
    public bool SuspendedByBilling { get; set; }
    /// <summary>First press of "Démarrer la facturation": fixes the parameters every retry sends again.</summary>
    public DateTimeOffset? StartRequestedAt { get; set; }
    public DateTimeOffset? LastSyncedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A town's invoice as Stripe last described it (<c>platform.billing_invoices</c>), kept by webhooks and "Synchroniser".</summary>
public sealed class BillingInvoice
{
    public required string StripeInvoiceId { get; set; }
    public Guid TenantId { get; set; }
    public string? Number { get; set; }
    /// <summary>Stripe's status: draft, open, paid, void, uncollectible.</summary>
    public required string Status { get; set; }
    public DateTimeOffset? PeriodStart { get; set; }
    public DateTimeOffset? PeriodEnd { get; set; }
    /// <summary>Total including VAT, in cents.</summary>
    public long TotalCents { get; set; }
    public long AmountRemainingCents { get; set; }
    public DateTimeOffset? DueDate { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public bool PaidOutOfBand { get; set; }
    public string? PdfUrl { get; set; }
    public string? HostedUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A Stripe event handled once (<c>platform.stripe_events</c>), written in the transaction of its effect.</summary>
public sealed class StripeEventRecord
{
    public required string EventId { get; set; }
    public required string Type { get; set; }
    public string? ObjectId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>The platform's billing settings (<c>platform.billing_settings</c>, one row) and the Stripe tax rate it uses.</summary>
public sealed class BillingSettings
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    /// <summary>Days a payment may be late before the town is suspended.</summary>
    public int GraceDays { get; set; } = 30;
    /// <summary>Days before the suspension when the operators are warned.</summary>
    public int WarningDays { get; set; } = 7;
    /// <summary>The 20 % exclusive VAT rate at Stripe, created once.</summary>
    public string? StripeTaxRateId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A plan's Stripe product and prices (<c>platform.plan_stripe_prices</c>); prices are immutable, so new amounts get new prices.</summary>
public sealed class PlanStripePrices
{
    public Guid PlanId { get; set; }
    public required string StripeProductId { get; set; }
    public required string SetupPriceId { get; set; }
    public long SetupFeeCents { get; set; }
    public required string QuarterlyPriceId { get; set; }
    public long QuarterlyFeeCents { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class TownBillingConfiguration : IEntityTypeConfiguration<TownBilling>
{
    public void Configure(EntityTypeBuilder<TownBilling> builder)
    {
        builder.ToTable("town_billing");
        builder.HasKey(b => b.TenantId);
        builder.HasOne<TenantRecord>().WithOne().HasForeignKey<TownBilling>(b => b.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PlanRecord>().WithMany().HasForeignKey(b => b.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(b => b.BillingEmail).HasMaxLength(254);
        builder.Property(b => b.StripeCustomerId).HasMaxLength(255);
        builder.Property(b => b.StripeTestClockId).HasMaxLength(255);
        builder.Property(b => b.StripeSubscriptionId).HasMaxLength(255);
        builder.Property(b => b.State).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(b => b.StripeCustomerId).IsUnique();
        builder.HasIndex(b => b.StripeSubscriptionId).IsUnique();
    }
}

public sealed class BillingInvoiceConfiguration : IEntityTypeConfiguration<BillingInvoice>
{
    public void Configure(EntityTypeBuilder<BillingInvoice> builder)
    {
        builder.ToTable("billing_invoices");
        builder.HasKey(i => i.StripeInvoiceId);
        builder.Property(i => i.StripeInvoiceId).HasMaxLength(255);
        builder.HasOne<TenantRecord>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(i => i.Number).HasMaxLength(100);
        builder.Property(i => i.Status).HasMaxLength(20);
        builder.Property(i => i.PdfUrl).HasMaxLength(2000);
        builder.Property(i => i.HostedUrl).HasMaxLength(2000);
        builder.HasIndex(i => new { i.TenantId, i.Status });
    }
}

public sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> builder)
    {
        builder.ToTable("stripe_events");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
        builder.Property(e => e.ObjectId).HasMaxLength(255);
        builder.HasIndex(e => e.ReceivedAt);
    }
}

public sealed class BillingSettingsConfiguration : IEntityTypeConfiguration<BillingSettings>
{
    public void Configure(EntityTypeBuilder<BillingSettings> builder)
    {
        builder.ToTable("billing_settings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.StripeTaxRateId).HasMaxLength(255);
        builder.HasData(new BillingSettings { Id = BillingSettings.SingletonId, GraceDays = 30, WarningDays = 7, UpdatedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) });
    }
}

public sealed class PlanStripePricesConfiguration : IEntityTypeConfiguration<PlanStripePrices>
{
    public void Configure(EntityTypeBuilder<PlanStripePrices> builder)
    {
        builder.ToTable("plan_stripe_prices");
        builder.HasKey(p => p.PlanId);
        builder.HasOne<PlanRecord>().WithOne().HasForeignKey<PlanStripePrices>(p => p.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.StripeProductId).HasMaxLength(255);
        builder.Property(p => p.SetupPriceId).HasMaxLength(255);
        builder.Property(p => p.QuarterlyPriceId).HasMaxLength(255);
    }
}

/// <summary>The billing tables, added to the platform model in one line.</summary>
public static class BillingModel
{
    public static void Configure(ModelBuilder builder) => builder
        .ApplyConfiguration(new TownBillingConfiguration())
        .ApplyConfiguration(new BillingInvoiceConfiguration())
        .ApplyConfiguration(new StripeEventRecordConfiguration())
        .ApplyConfiguration(new BillingSettingsConfiguration())
        .ApplyConfiguration(new PlanStripePricesConfiguration());
}
