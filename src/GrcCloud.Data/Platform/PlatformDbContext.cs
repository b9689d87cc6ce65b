using GrcCloud.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Data.Platform;

/// <summary>The vendor's own data, in schema <c>platform</c>: the tenant registry, operators, data protection keys, towns' FranceConnect credentials.</summary>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options)
    : IdentityUserContext<OperatorAccount, Guid>(options), IDataProtectionKeyContext
{
    public const string Schema = "platform";

    /// <summary>Channel every instance listens on; the triggers of the registry tables notify it.</summary>
    public const string TenantsChangedChannel = "grccloud_tenants";

    public DbSet<TenantRecord> Tenants => Set<TenantRecord>();
    public DbSet<TenantHostRecord> TenantHosts => Set<TenantHostRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;
    public DbSet<FranceConnectCredentials> FranceConnectCredentials => Set<FranceConnectCredentials>();
    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();
    public DbSet<OperatorAuditEntry> OperatorAudit => Set<OperatorAuditEntry>();
    public DbSet<PlanRecord> Plans => Set<PlanRecord>();
    public DbSet<ProvisioningRunRecord> ProvisioningRuns => Set<ProvisioningRunRecord>();
    public DbSet<TownExportRecord> TownExports => Set<TownExportRecord>();
    public DbSet<Billing.TownBilling> TownBilling => Set<Billing.TownBilling>();
    public DbSet<Billing.BillingInvoice> BillingInvoices => Set<Billing.BillingInvoice>();
    public DbSet<Billing.StripeEventRecord> StripeEvents => Set<Billing.StripeEventRecord>();
    public DbSet<Billing.BillingSettings> BillingSettings => Set<Billing.BillingSettings>();
    public DbSet<Billing.PlanStripePrices> PlanStripePrices => Set<Billing.PlanStripePrices>();
    public DbSet<OperatorApiToken> OperatorApiTokens => Set<OperatorApiToken>();
    public DbSet<TownUsageMonthly> TownUsage => Set<TownUsageMonthly>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var modelBuilder = builder;
        modelBuilder.HasDefaultSchema(Schema);
        builder.ApplyConfiguration(new ProvisioningRunConfiguration());
        builder.ApplyConfiguration(new OperatorApiTokenConfiguration());
        modelBuilder.ApplyConfiguration(new TownUsageMonthlyConfiguration());
        modelBuilder.Entity<OperatorAccount>(account =>
        {
            account.ToTable("operators");
            account.Property(a => a.Role).HasMaxLength(20);
        });
        builder.ApplyConfiguration(new TownExportRecordConfiguration());
        modelBuilder.Entity<OperatorAuditEntry>(entry =>
        {
            entry.ToTable("operator_audit");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.Property(e => e.OperatorEmail).HasMaxLength(256);
            entry.Property(e => e.Action).HasMaxLength(40);
            entry.Property(e => e.TownSlug).HasMaxLength(TenantNames.MaxSlugLength);
            entry.Property(e => e.Details).HasMaxLength(2000);
            entry.Property(e => e.ClientAddress).HasMaxLength(64);
            entry.HasIndex(e => e.At);
        });
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("operator_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("operator_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("operator_tokens");
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.Entity<ServerKey>(key =>
        {
            key.ToTable("server_keys");
            key.HasKey(k => k.Purpose);
            key.Property(k => k.Purpose).HasMaxLength(40);
        });
        modelBuilder.Entity<FranceConnectCredentials>(fc =>
        {
            fc.ToTable("franceconnect_credentials");
            fc.HasKey(c => c.TenantId);
            fc.HasOne<TenantRecord>().WithOne().HasForeignKey<FranceConnectCredentials>(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
            fc.Property(c => c.Environment).HasMaxLength(20);
            fc.Property(c => c.ClientId).HasMaxLength(200);
        });
        modelBuilder.Entity<TenantRecord>(tenant =>
        {
            tenant.ToTable("tenants");
            tenant.HasKey(t => t.Id);
            tenant.HasIndex(t => t.Slug).IsUnique();
            tenant.HasIndex(t => t.SchemaName).IsUnique();
            tenant.HasIndex(t => t.InseeCode).IsUnique(); // one commune, one town
            tenant.Property(t => t.Slug).HasMaxLength(TenantNames.MaxSlugLength);
            tenant.Property(t => t.SchemaName).HasMaxLength(63);
            tenant.Property(t => t.Name).HasMaxLength(200);
            tenant.Property(t => t.InseeCode).HasMaxLength(5);
            tenant.Property(t => t.Siret).HasMaxLength(14);
            tenant.Property(t => t.Recipe).HasMaxLength(100);
            tenant.Property(t => t.ClusterName).HasMaxLength(100);
            tenant.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            tenant.Ignore(t => t.Area);
            tenant.HasMany(t => t.Hosts).WithOne().HasForeignKey(h => h.TenantId).OnDelete(DeleteBehavior.Cascade);
            tenant.HasOne<PlanRecord>().WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Restrict);
            tenant.Property(t => t.AddressLine).HasMaxLength(200);
            tenant.Property(t => t.PostalCode).HasMaxLength(5);
            tenant.Property(t => t.City).HasMaxLength(100);
            tenant.Property(t => t.SupervisorEmail).HasMaxLength(256);
            tenant.Property(t => t.ChorusServiceCode).HasMaxLength(100);
            tenant.Property(t => t.ChorusCommitmentNumber).HasMaxLength(50);
        });
        modelBuilder.Entity<PlanRecord>(plan =>
        {
            plan.ToTable("plans");
            plan.HasKey(p => p.Id);
            plan.HasIndex(p => p.Code).IsUnique();
            plan.Property(p => p.Code).HasMaxLength(40);
            plan.Property(p => p.Name).HasMaxLength(100);
            plan.Property(p => p.VatRatePercent).HasPrecision(5, 2);
        });
        Billing.BillingModel.Configure(modelBuilder);
        modelBuilder.Entity<TenantHostRecord>(host =>
        {
            host.ToTable("tenant_hosts");
            host.HasKey(h => h.Host);
            host.Property(h => h.Host).HasMaxLength(253);
        });
    }
}

public sealed class TenantRecord
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string SchemaName { get; set; }
    public TenantStatus Status { get; set; }
    /// <summary>Why the town is suspended, or what failed during provisioning.</summary>
    public string? StatusReason { get; set; }
    public required string InseeCode { get; set; }
    public string? Siret { get; set; }
    /// <summary>The recipe folder the town was provisioned from.</summary>
    public required string Recipe { get; set; }
    /// <summary>Which PostgreSQL cluster holds the town's schema ("default" until towns are spread).</summary>
    public string ClusterName { get; set; } = "default";
    /// <summary>Bumped on every catalogue change; part of the portal's cache keys.</summary>
    public int CatalogueVersion { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<TenantHostRecord> Hosts { get; set; } = [];
    /// <summary>The commune's bounding box (see <see cref="CommuneArea"/>); null for a town made without one.</summary>
    public double? AreaSouth { get; set; }
    public double? AreaWest { get; set; }
    public double? AreaNorth { get; set; }
    public double? AreaEast { get; set; }
    /// <summary>The town hall's contact from the recipe, kept here so a suspended town's page can show it without opening its schema.</summary>
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactAddress { get; set; }
    /// <summary>The town hall's postal address for invoices (Stripe customer address).</summary>
    public string? AddressLine { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    /// <summary>Who received the first supervisor's invitation when the town was created.</summary>
    public string? SupervisorEmail { get; set; }
    /// <summary>What the town pays (see <see cref="PlanRecord"/>); null for a town outside billing.</summary>
    public Guid? PlanId { get; set; }
    /// <summary>Chorus Pro: the town's "code service", printed on invoices when the town requires it.</summary>
    public string? ChorusServiceCode { get; set; }
    /// <summary>Chorus Pro: the "numéro d'engagement" (purchase order), printed on invoices when required.</summary>
    public string? ChorusCommitmentNumber { get; set; }

    /// <summary>Cancellation: when the town was cancelled, from when its schema may be purged, and when it was (the row stays for the journal).</summary>
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? PurgeAfter { get; set; }
    public DateTimeOffset? PurgedAt { get; set; }

    public CommuneArea? Area
    {
        get => AreaSouth is { } s && AreaWest is { } w && AreaNorth is { } n && AreaEast is { } e ? new CommuneArea(s, w, n, e) : null;
        set => (AreaSouth, AreaWest, AreaNorth, AreaEast) = (value?.South, value?.West, value?.North, value?.East);
    }

    public TenantInfo ToInfo() => new(
        Id, Slug, Name, SchemaName, [.. Hosts.Select(h => h.Host).Order(StringComparer.Ordinal)],
        Status, InseeCode, Siret, StatusReason, CatalogueVersion, Area, new TownContact(ContactPhone, ContactEmail, ContactAddress));
}

/// <summary>A custom domain of a town (the <c>&lt;slug&gt;.&lt;base-domain&gt;</c> host is implied).</summary>
public sealed class TenantHostRecord
{
    public required string Host { get; set; }
    public Guid TenantId { get; set; }
}

/// <summary>A vendor operator: exists only on the ops host, never in a town.</summary>
public sealed class OperatorAccount : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>One of <see cref="OperatorRoles"/>.</summary>
    public string Role { get; set; } = OperatorRoles.Administrator;
}

/// <summary>What an operator may do in the console.</summary>
public static class OperatorRoles
{
    /// <summary>Everything, the jobs dashboard and the operators' roles included.</summary>
    public const string Administrator = "administrateur";
    /// <summary>Reads everything, and the billing actions.</summary>
    public const string Billing = "facturation";
    /// <summary>Reads only.</summary>
    public const string Support = "support";

    public static readonly IReadOnlyList<string> All = [Administrator, Billing, Support];

    public static string Label(string role) => role switch
    {
        Administrator => "Administrateur",
        Billing => "Facturation",
        Support => "Support (lecture seule)",
        _ => role,
    };
}

/// <summary>One operator action (console or command line), kept in the platform schema.</summary>
public sealed class OperatorAuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Null for a command-line action or a failed sign-in of an unknown address.</summary>
    public Guid? OperatorId { get; set; }
    /// <summary>The address typed or the account's; "cli:&lt;OS user&gt;" for the command line.</summary>
    public required string OperatorEmail { get; set; }
    public required string Action { get; set; }
    public string? TownSlug { get; set; }
    public string? Details { get; set; }
    public string? ClientAddress { get; set; }
}

/// <summary>A town's own FranceConnect service-provider credentials; the secret is encrypted with Data Protection.</summary>
public sealed class FranceConnectCredentials
{
    public Guid TenantId { get; set; }
    /// <summary>simulator, sandbox or production.</summary>
    public required string Environment { get; set; }
    public required string ClientId { get; set; }
    public required string ProtectedClientSecret { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A key of the towns' authorization server (signing, encryption), shared by every instance; encrypted with Data Protection.</summary>
public sealed class ServerKey
{
    public required string Purpose { get; set; }
    public required string ProtectedKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
