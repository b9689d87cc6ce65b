using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrcCloud.Data.Platform;

/// <summary>
/// One export of a town's data kept on disk (a PostgreSQL archive of its schema, or the portable zip
/// of CSV files and attachments the town can read). A cancelled town's schema is purged only once one exists.
/// </summary>
public sealed class TownExportRecord
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>The town's slug when the export was made (the journal's word for the town).</summary>
    public required string Slug { get; set; }
    /// <summary>One of <see cref="TownExportKinds"/>.</summary>
    public required string Kind { get; set; }
    public required string Path { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>Lower-case hex SHA-256 of the file, to check a copy.</summary>
    public required string Sha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The operator's address, or "cli:&lt;OS user&gt;".</summary>
    public required string CreatedBy { get; set; }
}

public static class TownExportKinds
{
    /// <summary>pg_dump --format=custom of the town's schema: restores the town as it was.</summary>
    public const string PostgresArchive = "pg_dump";
    /// <summary>A zip of CSV files (UTF-8 with BOM, « ; ») and the attachments, readable by the town itself.</summary>
    public const string Portable = "csv_zip";
}

public sealed class TownExportRecordConfiguration : IEntityTypeConfiguration<TownExportRecord>
{
    public void Configure(EntityTypeBuilder<TownExportRecord> builder)
    {
        builder.ToTable("town_exports");
        builder.HasKey(e => e.Id);
        builder.HasOne<TenantRecord>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.TenantId, e.CreatedAt });
        builder.Property(e => e.Slug).HasMaxLength(TenantNames.MaxSlugLength);
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.Property(e => e.Path).HasMaxLength(1000);
        builder.Property(e => e.Sha256).HasMaxLength(64);
        builder.Property(e => e.CreatedBy).HasMaxLength(256);
    }
}
