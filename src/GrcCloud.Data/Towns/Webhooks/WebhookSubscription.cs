using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrcCloud.Data.Towns.Webhooks;

/// <summary>
/// An address of an integration that receives some of the town's request events (outbound webhook).
/// The signing secret is kept protected (Data Protection, by the host): it is shown once, then only used to sign.
/// </summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public required string Url { get; set; }
    /// <summary>What the supervisor called it ("Logiciel des services techniques").</summary>
    public required string Name { get; set; }
    /// <summary>The event types it receives ("request.created"…).</summary>
    public List<string> EventTypes { get; set; } = [];
    public required string ProtectedSecret { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Url).HasMaxLength(500);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(1000);
    }
}
