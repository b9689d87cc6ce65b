using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Notifications;

/// <summary>
/// A public event's job mails the resident and the followers; a transfer also tells the correspondents
/// of the new service. Enqueued in the change's own transaction: a committed change always has its
/// mails coming, a rolled-back one mails nobody.
/// </summary>
public sealed class PublicEventMails(TenantDbContext db, TenantContext tenant) : IPublicEventNotifier
{
    public async Task PublishingAsync(RequestEvent entry, CancellationToken cancellationToken)
    {
        var town = tenant.Required.Id;
        await JobsInTransaction.EnqueueAsync<TownJobs>(db.Database, j => j.MailPublicEventAsync(town, entry.Id, null, CancellationToken.None), cancellationToken);
        if (entry.Kind.TellsNewService)
            await JobsInTransaction.EnqueueAsync<TownJobs>(db.Database, j => j.MailServiceOfNewRequestAsync(town, entry.RequestId, null, CancellationToken.None), cancellationToken);
    }
}
