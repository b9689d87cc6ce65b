using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrcCloud.Data.Platform;

/// <summary>
/// One town's usage in one month, as the vendor's console shows it. Written by the usage job, which
/// visits each town in turn; the console reads only this table, never the towns' schemas (one query
/// for a thousand towns). The month's snapshot figures (agents, residents, storage) are those of its
/// last refresh; past months keep theirs and only their request count is refreshed.
/// </summary>
public sealed class TownUsageMonthly
{
    public Guid TownId { get; set; }
    /// <summary>First day of the month (Paris).</summary>
    public DateOnly Month { get; set; }
    public int RequestsReceived { get; set; }
    /// <summary>Agent accounts signed in during the month; null for a month before the job's first visit (not known).</summary>
    public int? ActiveAgents { get; set; }
    /// <summary>Resident accounts at the month's last refresh.</summary>
    public int? Residents { get; set; }
    /// <summary>The town schema's tables, indexes and TOAST on disk at the month's last refresh.</summary>
    public long? StorageBytes { get; set; }
    public DateTimeOffset RefreshedAt { get; set; }
}

public sealed class TownUsageMonthlyConfiguration : IEntityTypeConfiguration<TownUsageMonthly>
{
    public void Configure(EntityTypeBuilder<TownUsageMonthly> builder)
    {
        builder.ToTable("town_usage_monthly");
        builder.HasKey(u => new { u.TownId, u.Month });
        // The console lists one month for every town.
        builder.HasIndex(u => u.Month);
        builder.HasOne<TenantRecord>().WithMany().HasForeignKey(u => u.TownId).OnDelete(DeleteBehavior.Cascade);
    }
}
