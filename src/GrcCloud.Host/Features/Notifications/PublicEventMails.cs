using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests;

namespace GrcCloud.Host.Features.Notifications;

/// <summary>Placeholder until the notification jobs land: public events are not mailed yet.</summary>
public sealed class PublicEventMails : IPublicEventNotifier
{
    public Task PublishedAsync(RequestEvent entry, CancellationToken cancellationToken) => Task.CompletedTask;
}
