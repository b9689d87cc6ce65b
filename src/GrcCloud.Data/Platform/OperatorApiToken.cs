using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrcCloud.Data.Platform;

/// <summary>
/// A bearer token of the operators' API (<c>/api/ops/v1</c>). Only the SHA-256 of the secret is kept:
/// the token itself is shown once. It acts with its operator's role at the time of use.
/// </summary>
public sealed class OperatorApiToken
{
    public Guid Id { get; set; }
    public Guid OperatorId { get; set; }
    /// <summary>What the operator called it ("CI de provisionnement").</summary>
    public required string Name { get; set; }
    /// <summary>SHA-256 of the whole token text, 32 bytes.</summary>
    public required byte[] TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Null: never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

public sealed class OperatorApiTokenConfiguration : IEntityTypeConfiguration<OperatorApiToken>
{
    public void Configure(EntityTypeBuilder<OperatorApiToken> builder)
    {
        builder.ToTable("operator_api_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.TokenHash).HasMaxLength(32);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.OperatorId);
        // An operator deleted takes its tokens with it.
        builder.HasOne<OperatorAccount>().WithMany().HasForeignKey(t => t.OperatorId).OnDelete(DeleteBehavior.Cascade);
    }
}
