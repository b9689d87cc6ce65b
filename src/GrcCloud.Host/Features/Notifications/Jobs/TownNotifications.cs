using System.Globalization;
using System.Text;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Requests.Tracking;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Notifications.Jobs;

/// <summary>
/// The mails of one town (already set by <see cref="TownJobs"/>): what to send, to whom, with which
/// text. Each mail has a delivery key: a retried job skips what already left.
/// </summary>
public sealed class TownNotifications(TenantDbContext db, TownMailer mailer, TenantContext tenant, TenancyOptions tenancy, JobsOptions options, TrackingLinks tracking)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// A new request: the acknowledgement to the resident, then the correspondents' mail, tried even
    /// when the acknowledgement failed (a refused address must not hold the service's mail back). A
    /// failure fails the job, and its retry skips what already left.
    /// </summary>
    public async Task NewRequestMailsAsync(Guid requestId, CancellationToken cancellationToken)
    {
        try
        {
            await AcknowledgeAsync(requestId, cancellationToken);
        }
        finally
        {
            await NewRequestAsync(requestId, cancellationToken);
        }
    }

    public async Task AcknowledgeAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var request = await FindRequestAsync(requestId, cancellationToken);
        if (request?.ContactEmail is null)
            return;
        await mailer.SendOnceAsync($"ack:{request.Id}", "acknowledgement", request.ContactEmail, request.ContactName,
            await ValuesAsync(request, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A public event: the resident (or the contact given at the counter), then the followers of the
    /// report, who get the follower's wording (<see cref="FollowerTexts"/>) and their own link: never
    /// the reporter's name, words, or personal tracking link.
    /// </summary>
    public async Task PublicEventAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var entry = await db.RequestEvents.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId && e.IsPublic, cancellationToken);
        // The kind names its mail; none for what is mailed otherwise (the acknowledgement) or the resident wrote.
        if (entry?.Kind.MailTemplate is not { } template)
            return;
        var request = await FindRequestAsync(entry.RequestId, cancellationToken);
        if (request is null)
            return;
        if (request.ContactEmail is not null)
        {
            var values = await ValuesAsync(request, cancellationToken);
            values["message"] = entry.Text;
            await mailer.SendOnceAsync(EventKey(entry, request.ContactEmail), template, request.ContactEmail, request.ContactName, values, cancellationToken);
        }

        if (FollowerTexts.For(entry.Kind) is not { } followerText)
            return;
        var followers = await db.RequestFollowers.Where(f => f.RequestId == request.Id)
            .Join(db.Users, f => f.ResidentId, u => u.Id, (_, u) => new { u.Email, u.GivenName, u.FamilyName })
            .Where(u => u.Email != null)
            .ToListAsync(cancellationToken);
        foreach (var follower in followers.Where(f => !string.Equals(f.Email, request.ContactEmail, StringComparison.OrdinalIgnoreCase)).DistinctBy(f => f.Email!.ToLowerInvariant()))
        {
            var name = $"{follower.GivenName} {follower.FamilyName}".Trim();
            var values = await ValuesAsync(request, cancellationToken);
            values["name"] = name;
            values["message"] = followerText;
            values["link"] = $"{Origin()}/mes-demandes/{request.Reference}";
            // Their own mail: the resident's templates say "votre demande" and may ask for an answer.
            await mailer.SendOnceAsync(EventKey(entry, follower.Email!), "follower_update", follower.Email!, name, values, cancellationToken);
        }
    }

    private static string EventKey(RequestEvent entry, string email) => $"event:{entry.Id}:{email.ToLowerInvariant()}";

    /// <summary>A new (or transferred) request: each correspondent of its service who wants one mail each time.</summary>
    public async Task NewRequestAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var request = await FindRequestAsync(requestId, cancellationToken);
        if (request is null)
            return;
        var values = await ValuesAsync(request, cancellationToken);
        values["name"] = request.ContactName ?? "(sans nom)";
        values["link"] = $"{Origin()}/agents/demandes/{request.Reference}";
        foreach (var agent in await CorrespondentsAsync(request.ServiceId, digest: false, cancellationToken))
            await mailer.SendOnceAsync($"new:{request.Id}:{request.ServiceId}:{agent.Id}", "agent_new_request", agent.Email!, null, values, cancellationToken);
    }

    /// <summary>The morning's mails: digests of yesterday's new requests, overdue digests to heads of service, due reminders.</summary>
    public async Task DailyAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var services = await db.Services.AsNoTracking().ToListAsync(cancellationToken);
        var from = ParisMidnight(day.AddDays(-1));
        var until = ParisMidnight(day);
        foreach (var service in services)
        {
            var fresh = await db.Requests.AsNoTracking()
                .Where(r => r.ServiceId == service.Id && r.ReceivedAt >= from && r.ReceivedAt < until)
                .OrderBy(r => r.ReceivedAt).Select(r => new { r.Reference, r.ThemeTitle, r.DueOn }).ToListAsync(cancellationToken);
            if (fresh.Count > 0)
            {
                var list = string.Join('\n', fresh.Select(r => $"- {r.Reference} : {r.ThemeTitle} (réponse indicative le {r.DueOn.ToString("d MMMM", French)})"));
                foreach (var agent in await CorrespondentsAsync(service.Id, digest: true, cancellationToken))
                    await mailer.SendOnceAsync($"digest:{day:yyyy-MM-dd}:{service.Id}:{agent.Id}", "agent_daily_digest", agent.Email!, agent.Name,
                        ServiceValues(service, $"{fresh.Count} nouvelle(s) demande(s) reçue(s) hier :\n{list}"), cancellationToken);
            }

            var overdue = await db.Requests.AsNoTracking()
                .Where(RequestStates.IsOverdue(day)).Where(r => r.ServiceId == service.Id)
                .OrderBy(r => r.DueOn).Select(r => new { r.Reference, r.ThemeTitle, r.DueOn, r.AssignedToName }).Take(200).ToListAsync(cancellationToken);
            if (overdue.Count > 0)
            {
                var list = string.Join('\n', overdue.Select(r => $"- {r.Reference} : {r.ThemeTitle}, attendue le {r.DueOn.ToString("d MMMM yyyy", French)}, {(r.AssignedToName is null ? "non attribuée" : $"suivie par {r.AssignedToName}")}"));
                foreach (var head in await HeadsOfServiceAsync(service.Id, cancellationToken))
                    await mailer.SendOnceAsync($"overdue:{day:yyyy-MM-dd}:{service.Id}:{head.Id}", "overdue_digest", head.Email!, head.Name,
                        ServiceValues(service, $"{overdue.Count} demande(s) ont dépassé leur date de réponse indicative :\n{list}"), cancellationToken);
            }
        }

        var due = day.AddDays(options.ReminderDaysBeforeDue);
        var reminders = await db.Requests.AsNoTracking().Where(RequestStates.IsOpen).Where(r => r.DueOn == due).ToListAsync(cancellationToken);
        foreach (var request in reminders)
        {
            var values = await ValuesAsync(request, cancellationToken);
            values["link"] = $"{Origin()}/agents/demandes/{request.Reference}";
            var to = request.AssignedToId is { } assignee
                ? await db.Users.Where(u => u.Id == assignee && u.Email != null).Select(u => new Recipient(u.Id, u.Email, u.GivenName)).ToListAsync(cancellationToken)
                : await CorrespondentsAsync(request.ServiceId, digest: null, cancellationToken);
            foreach (var agent in to)
                await mailer.SendOnceAsync($"reminder:{request.Id}:{request.DueOn:yyyy-MM-dd}:{agent.Id}", "due_reminder", agent.Email!, agent.Name, values, cancellationToken);
        }
    }

    private static DateTimeOffset ParisMidnight(DateOnly day) => Shared.ParisTime.StartOfDay(day);

    private sealed record Recipient(Guid Id, string? Email, string? Name);

    /// <summary>
    /// The service's members who handle its requests. An elected official attached to a service is not
    /// one of them: she hears of the requests she is asked to validate, not of every new one.
    /// </summary>
    private Task<List<Recipient>> CorrespondentsAsync(Guid serviceId, bool? digest, CancellationToken cancellationToken)
    {
        var officialRole = AgentRoles.ElectedOfficial.ToUpperInvariant();
        return db.AgentServices.Where(m => m.ServiceId == serviceId)
            .Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u)
            .Where(u => u.Kind == UserKind.Agent && u.Email != null && (digest == null || u.DailyDigest == digest))
            .Where(u => !db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == officialRole)))
            .Select(u => new Recipient(u.Id, u.Email, u.GivenName)).ToListAsync(cancellationToken);
    }

    private Task<List<Recipient>> HeadsOfServiceAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var headRole = AgentRoles.HeadOfService.ToUpperInvariant();
        return db.AgentServices.Where(m => m.ServiceId == serviceId)
            .Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u)
            .Where(u => u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == headRole)))
            .Select(u => new Recipient(u.Id, u.Email, u.GivenName)).ToListAsync(cancellationToken);
    }

    private Task<ServiceRequest?> FindRequestAsync(Guid requestId, CancellationToken cancellationToken) =>
        db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);

    private async Task<Dictionary<string, string?>> ValuesAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().Where(s => s.Id == request.ServiceId).Select(s => s.Name).SingleAsync(cancellationToken);
        return new Dictionary<string, string?>
        {
            ["reference"] = request.Reference,
            ["theme"] = request.ThemeTitle,
            ["service"] = service,
            ["name"] = request.ContactName,
            ["status"] = RequestLabels.Status(request.Status),
            ["due_date"] = request.DueOn.ToString("d MMMM yyyy", French),
            // A resident follows in "Mes demandes"; a contact without account through a personal link.
            ["link"] = request.ResidentId is null ? $"{Origin()}/suivi/{tracking.TokenFor(request.Id)}" : $"{Origin()}/mes-demandes/{request.Reference}",
        };
    }

    private Dictionary<string, string?> ServiceValues(TownService service, string message) => new()
    {
        ["service"] = service.Name,
        ["message"] = message,
        ["link"] = $"{Origin()}/agents/file",
    };

    /// <summary>The town's configured public address: never the Host header of the request that caused the mail.</summary>
    private string Origin() => tenancy.PublicOrigin(tenant.Required.Slug);
}
