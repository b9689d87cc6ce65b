using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrcCloud.Data.Platform;

public enum ProvisioningRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One creation of a town asked from the console or the command line, and how far it went: the job
/// that runs it reads what to create from <see cref="Request"/> and writes its progress here, so the
/// progress page and a retry need nothing else.
/// </summary>
public sealed class ProvisioningRunRecord
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    /// <summary>Known once the registry entry is written (first step).</summary>
    public Guid? TownId { get; set; }
    /// <summary>The operator's e-mail, or "cli:&lt;OS user&gt;".</summary>
    public required string RequestedBy { get; set; }
    public ProvisioningRunStatus Status { get; set; }
    /// <summary>The step being done (or the last one done), 1-based; 0 while queued.</summary>
    public int Step { get; set; }
    public int StepCount { get; set; }
    public string? StepLabel { get; set; }
    /// <summary>Why the run failed, in French, for the operator.</summary>
    public string? Error { get; set; }
    /// <summary>What was asked (JSON): the job recreates the recipe from it.</summary>
    public required string Request { get; set; }
    /// <summary>Set once the supervisor's invitation left: a rerun of the job never sends it twice.</summary>
    public DateTimeOffset? InvitationSentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public sealed class ProvisioningRunConfiguration : IEntityTypeConfiguration<ProvisioningRunRecord>
{
    public void Configure(EntityTypeBuilder<ProvisioningRunRecord> builder)
    {
        builder.ToTable("provisioning_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Slug).HasMaxLength(TenantNames.MaxSlugLength);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.StepLabel).HasMaxLength(100);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.Request).HasColumnType("jsonb");
        builder.HasIndex(r => r.Slug);
        builder.HasIndex(r => r.CreatedAt);
    }
}
