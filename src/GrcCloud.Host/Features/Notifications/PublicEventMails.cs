using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Tenancy;
using Hangfire;

namespace GrcCloud.Host.Features.Notifications;

/// <summary>
/// Once a public event is committed, a job mails the resident and the followers; a transfer also tells
/// the correspondents of the new service. Enqueued after the commit: a rolled-back change mails nobody.
/// </summary>
public sealed class PublicEventMails(IBackgroundJobClient jobs, TenantContext tenant, IHttpContextAccessor http, ILogger<PublicEventMails> logger) : IPublicEventNotifier
{
    public Task PublishedAsync(RequestEvent entry, CancellationToken cancellationToken)
    {
        var town = tenant.Required.Id;
        var origin = http.HttpContext is { } context ? $"{context.Request.Scheme}://{context.Request.Host}" : null;
        try
        {
            jobs.Enqueue<TownJobs>(j => j.MailPublicEventAsync(town, entry.Id, origin, CancellationToken.None));
            if (entry.Kind == "transferred")
                jobs.Enqueue<TownJobs>(j => j.MailServiceOfNewRequestAsync(town, entry.RequestId, origin, CancellationToken.None));
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The change is committed and on the resident's live page; only the mail is missing, and the log says which.
            logger.LogError(e, "Courriel de l'événement {Event} non programmé", entry.Id);
        }
        return Task.CompletedTask;
    }
}
