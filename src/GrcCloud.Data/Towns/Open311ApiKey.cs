using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrcCloud.Data.Towns;

/// <summary>
/// A key an application presents to post requests through the town's Open311 GeoReport v2 API.
/// Issued and revoked by a supervisor; only the SHA-256 of the key is kept (the key is shown once).
/// </summary>
public sealed class Open311ApiKey
{
    public Guid Id { get; set; }
    /// <summary>What the supervisor called it ("Application citoyenne", "SIG des services techniques").</summary>
    public required string Name { get; set; }
    /// <summary>SHA-256 of the whole key text, 32 bytes.</summary>
    public required byte[] KeyHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

public sealed class Open311ApiKeyConfiguration : IEntityTypeConfiguration<Open311ApiKey>
{
    public void Configure(EntityTypeBuilder<Open311ApiKey> builder)
    {
        builder.ToTable("open311_api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.KeyHash).HasMaxLength(32);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
