using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// Adds events to a request's timeline and tells every instance about it: a NOTIFY sent in the same
/// transaction (PostgreSQL delivers it at commit, never for a rolled-back change). A workflow step
/// stages its events next to its other changes and saves them all at once with <see cref="SaveAsync"/>;
/// public events are handed to <see cref="IPublicEventNotifier"/> (the resident's mail) in the same transaction.
/// </summary>
public sealed class RequestTimeline(TenantDbContext db, TenantContext tenant, TimeProvider clock, IPublicEventNotifier notifier,
    Webhooks.WebhookOutbox webhooks)
{
    public const string Channel = "grccloud_request_events";
    /// <summary>Ends the payload of a change made by the request's resident alone (their reply or message), not by an agent.</summary>
    public const string ResidentSuffix = ":resident";

    private readonly List<RequestEvent> _staged = [];

    /// <summary>Adds an event to the unit of work without saving it; the kind says whether the resident sees it.</summary>
    public RequestEvent Stage(Guid requestId, RequestEventKind kind, string text, Guid? authorId = null, string? authorName = null)
    {
        var entry = new RequestEvent
        {
            Id = Guid.CreateVersion7(), RequestId = requestId, At = clock.GetUtcNow(), Kind = kind,
            IsPublic = kind.IsPublic, AuthorId = authorId, AuthorName = authorName, Text = text,
        };
        db.RequestEvents.Add(entry);
        _staged.Add(entry);
        return entry;
    }

    /// <summary>
    /// Saves every pending change of the context with the staged events in one transaction, with the
    /// word to every instance of which requests changed and the public events' mail jobs.
    /// Throws <see cref="DbUpdateConcurrencyException"/> when a colleague changed the request first.
    /// </summary>
    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var changed in _staged.GroupBy(e => e.RequestId))
            {
                var byResident = changed.All(e => e.Kind.HoldsResidentWords);
                await NotifyAsync(changed.Key, byResident ? ResidentSuffix : "", cancellationToken);
            }
            foreach (var entry in _staged.Where(e => e.IsPublic))
                await notifier.PublishingAsync(entry, cancellationToken);
            await webhooks.RecordAsync(_staged, cancellationToken);
        }
        finally
        {
            // Saved or failed, these events are done with: a later save in the same scope never
            // announces or mails them again.
            _staged.Clear();
        }
        if (transaction is not null)
            await transaction.CommitAsync(cancellationToken);
    }

    public async Task<RequestEvent> AddAsync(Guid requestId, RequestEventKind kind, string text, Guid? authorId = null, string? authorName = null, CancellationToken cancellationToken = default)
    {
        var entry = Stage(requestId, kind, text, authorId, authorName);
        await SaveAsync(cancellationToken);
        return entry;
    }

    /// <summary>Within the caller's transaction: "a request of this town changed" (by its resident, with <see cref="ResidentSuffix"/>).</summary>
    private Task<int> NotifyAsync(Guid requestId, string suffix, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {tenant.Required.Id + ":" + requestId + suffix})", cancellationToken);
}

/// <summary>What a public event brings, committed with it: the resident (and the followers) are told by mail.</summary>
public interface IPublicEventNotifier
{
    /// <summary>Called inside the event's transaction, after its rows are saved.</summary>
    Task PublishingAsync(RequestEvent entry, CancellationToken cancellationToken);
}
