using System.Collections.Concurrent;
using System.Threading.Channels;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// Adds events to a request's timeline and tells every instance about it: a NOTIFY sent in the same
/// transaction (PostgreSQL delivers it at commit, never for a rolled-back change). A workflow step
/// stages its events next to its other changes and saves them all at once with <see cref="SaveAsync"/>;
/// public events are then handed to <see cref="IPublicEventNotifier"/> (the resident's mail).
/// </summary>
public sealed class RequestTimeline(TenantDbContext db, TenantContext tenant, TimeProvider clock, IPublicEventNotifier notifier)
{
    public const string Channel = "grccloud_request_events";

    private readonly List<RequestEvent> _staged = [];

    /// <summary>Adds an event to the unit of work without saving it.</summary>
    public RequestEvent Stage(Guid requestId, string kind, string text, bool isPublic, Guid? authorId = null, string? authorName = null)
    {
        var entry = new RequestEvent
        {
            Id = Guid.CreateVersion7(), RequestId = requestId, At = clock.GetUtcNow(), Kind = kind,
            IsPublic = isPublic, AuthorId = authorId, AuthorName = authorName, Text = text,
        };
        db.RequestEvents.Add(entry);
        _staged.Add(entry);
        return entry;
    }

    /// <summary>
    /// Saves every pending change of the context with the staged events in one transaction, tells
    /// every instance which requests changed, then hands the public events to the notifier.
    /// Throws <see cref="DbUpdateConcurrencyException"/> when a colleague changed the request first.
    /// </summary>
    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.SaveChangesAsync(cancellationToken);
        foreach (var requestId in _staged.Select(e => e.RequestId).Distinct())
            await NotifyAsync(requestId, cancellationToken);
        if (transaction is not null)
            await transaction.CommitAsync(cancellationToken);
        var published = _staged.Where(e => e.IsPublic).ToList();
        _staged.Clear();
        foreach (var entry in published)
            await notifier.PublishedAsync(entry, cancellationToken);
    }

    public async Task<RequestEvent> AddAsync(Guid requestId, string kind, string text, bool isPublic, Guid? authorId = null, string? authorName = null, CancellationToken cancellationToken = default)
    {
        var entry = Stage(requestId, kind, text, isPublic, authorId, authorName);
        await SaveAsync(cancellationToken);
        return entry;
    }

    /// <summary>Within the caller's transaction: "a request of this town changed".</summary>
    public Task NotifyAsync(Guid requestId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {tenant.Required.Id + ":" + requestId})", cancellationToken);
}

/// <summary>What happens once a public event is committed: the resident (and the followers) are told by mail.</summary>
public interface IPublicEventNotifier
{
    Task PublishedAsync(RequestEvent entry, CancellationToken cancellationToken);
}

/// <summary>
/// The fan-out of timeline changes to the browsers connected to this instance. One LISTEN
/// connection per instance; subscriptions are keyed by town and request, so a stream only ever
/// hears about its own town's request.
/// </summary>
public sealed class RequestEventsHub(NpgsqlDataSource dataSource, ILogger<RequestEventsHub> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(Guid Town, Guid Request), ConcurrentDictionary<Channel<bool>, byte>> _subscribers = new();

    /// <summary>A signal that fires when the request changes; dispose the subscription to stop.</summary>
    public Subscription Subscribe(Guid town, Guid request)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        _subscribers.GetOrAdd((town, request), _ => new()).TryAdd(channel, 0);
        return new Subscription(channel.Reader, () =>
        {
            if (_subscribers.TryGetValue((town, request), out var set))
                set.TryRemove(channel, out _);
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Publish(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {RequestTimeline.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // After a reconnection, wake every stream: it reloads what it may have missed.
                foreach (var set in _subscribers.Values)
                    foreach (var channel in set.Keys)
                        channel.Writer.TryWrite(true);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(e, "Écoute des suivis de demandes interrompue ; nouvelle tentative");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Publish(string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length == 2 && Guid.TryParse(parts[0], out var town) && Guid.TryParse(parts[1], out var request)
            && _subscribers.TryGetValue((town, request), out var set))
        {
            foreach (var channel in set.Keys)
                channel.Writer.TryWrite(true);
        }
    }

    public sealed class Subscription(ChannelReader<bool> changes, Action unsubscribe) : IDisposable
    {
        public ChannelReader<bool> Changes { get; } = changes;
        public void Dispose() => unsubscribe();
    }
}
