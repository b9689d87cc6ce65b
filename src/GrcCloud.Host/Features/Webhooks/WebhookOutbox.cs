using System.Text.Json;
using GrcCloud.Data.Towns;
using GrcCloud.Data.Towns.Webhooks;
using GrcCloud.Host.Features.Api;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Webhooks;

/// <summary>
/// Called inside the transaction that saves timeline events (<see cref="Requests.RequestTimeline"/> and the
/// submission): one delivery row per event and matching subscription of this town, and its job, written in
/// that same transaction (<see cref="JobsInTransaction"/>). A committed event always has its deliveries coming;
/// a rolled-back one is never sent.
/// </summary>
public sealed class WebhookOutbox(TenantDbContext db, TenantContext tenant, TimeProvider clock)
{
    public async Task RecordAsync(IReadOnlyCollection<RequestEvent> events, CancellationToken cancellationToken)
    {
        var sent = events.Select(e => (Event: e, Type: WebhookEvents.TypeOf(e))).Where(e => e.Type is not null).ToList();
        if (sent.Count == 0)
            return;
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.IsActive).Select(s => new { s.Id, s.EventTypes }).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
            return;
        var requestIds = sent.Select(e => e.Event.RequestId).Distinct().ToList();
        var requests = await db.Requests.AsNoTracking().Where(r => requestIds.Contains(r.Id))
            .Join(db.Services, r => r.ServiceId, s => s.Id, (r, s) => new { r.Id, r.Reference, r.Status, r.ThemeTitle, ServiceSlug = s.Slug, r.AssignedToName, r.UpdatedAt })
            .ToDictionaryAsync(r => r.Id, cancellationToken);

        var town = tenant.Required;
        var deliveries = new List<WebhookDelivery>();
        foreach (var (entry, type) in sent)
        {
            if (!requests.TryGetValue(entry.RequestId, out var request))
                continue;
            var body = JsonSerializer.Serialize(new
            {
                id = entry.Id,
                type,
                occurredAt = entry.At,
                town = town.Slug,
                request = new
                {
                    reference = request.Reference,
                    status = ApiStatuses.Code(request.Status),
                    theme = request.ThemeTitle,
                    service = request.ServiceSlug,
                    assignedTo = request.AssignedToName,
                    updatedAt = request.UpdatedAt,
                },
                // Only what the resident may read: the text of internal events never leaves the town.
                @event = new { kind = entry.Kind, isPublic = entry.IsPublic, text = entry.IsPublic ? entry.Text : null },
            }, JsonSerializerOptions.Web);
            foreach (var subscription in subscriptions.Where(s => s.EventTypes.Contains(type!)))
                deliveries.Add(new WebhookDelivery
                {
                    Id = Guid.CreateVersion7(), SubscriptionId = subscription.Id, EventId = entry.Id, EventType = type!,
                    Body = body, Status = WebhookDeliveryStatus.Pending, CreatedAt = clock.GetUtcNow(), NextAttemptAt = clock.GetUtcNow(),
                });
        }
        if (deliveries.Count == 0)
            return;
        db.WebhookDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var delivery in deliveries)
            await JobsInTransaction.EnqueueAsync<WebhookJobs>(db.Database, j => j.DeliverAsync(town.Id, delivery.Id, 0, CancellationToken.None), cancellationToken);
    }
}
