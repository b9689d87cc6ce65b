using GrcCloud.Tenancy;
using Hangfire;

namespace GrcCloud.Host.Features.Notifications.Jobs;

/// <summary>
/// The entry points of background jobs. Every job of a town carries the town's id and sets it before
/// anything touches data; an unknown or unavailable town fails the job (visible and retryable in the
/// dashboard) instead of running it anywhere else. Town data is reached only through the scoped
/// <see cref="TownNotifications"/>, resolved in a scope of the town (<see cref="TownScope"/>).
/// </summary>
// Failures (SMTP down) are retried with a growing delay: 10 s, 1 min, 5 min, 15 min, 1 h, then every 3 h.
[AutomaticRetry(Attempts = 8, DelaysInSeconds = [10, 60, 300, 900, 3600, 10800, 10800, 10800], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class TownJobs(IServiceScopeFactory scopes, TenantRegistry registry, IBackgroundJobClient jobs, TimeProvider clock)
{
    // The origin parameters are ignored (links come from the town's configured public address); they stay
    // so that jobs queued with one still run.

    /// <summary>A new request's mails in one job (one enqueue on the submission's path, one run).</summary>
    [Queue("mail")]
    public Task MailNewRequestAsync(Guid townId, Guid requestId, string? origin, CancellationToken cancellationToken) =>
        InTownAsync(townId, n => n.NewRequestMailsAsync(requestId, cancellationToken));

    [Queue("mail")]
    public Task MailPublicEventAsync(Guid townId, Guid eventId, string? origin, CancellationToken cancellationToken) =>
        InTownAsync(townId, n => n.PublicEventAsync(eventId, cancellationToken));

    [Queue("mail")]
    public Task MailServiceOfNewRequestAsync(Guid townId, Guid requestId, string? origin, CancellationToken cancellationToken) =>
        InTownAsync(townId, n => n.NewRequestAsync(requestId, cancellationToken));

    [Queue("mail")]
    public Task SendDailyMailsAsync(Guid townId, DateOnly day, CancellationToken cancellationToken) =>
        InTownAsync(townId, n => n.DailyAsync(day, cancellationToken));

    /// <summary>Recurring: one job per active town, so a failing town never holds the others back.</summary>
    public void ScheduleDailyMails()
    {
        var today = Shared.ParisTime.Today(clock);
        foreach (var town in registry.All.Where(t => t.IsServable))
            jobs.Enqueue<TownJobs>(j => j.SendDailyMailsAsync(town.Id, today, CancellationToken.None));
    }

    private Task InTownAsync(Guid townId, Func<TownNotifications, Task> work)
    {
        var town = registry.FindById(townId)
            ?? throw new TownUnavailableException($"Commune {townId} inconnue : tâche refusée.");
        if (!town.IsServable)
            throw new TownUnavailableException($"Commune {town.Slug} non active ({town.Status}) : tâche refusée, à relancer après réactivation.");
        return scopes.InTownAsync(town, services => work(services.GetRequiredService<TownNotifications>()));
    }
}

public sealed class TownUnavailableException(string message) : Exception(message);
